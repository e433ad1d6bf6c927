"""One page of every kind a reader can reach, made in the test database: the list the page
checks (the Nu HTML checker in tests/interop, axe-core in tests/e2e) walk, kept in one place so a
new kind of page is added once and checked by all of them."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from wagtail.rich_text import RichText

from masthead.accounts.tests.factories import make_member
from masthead.contributions.models import CommunityStoryPage, UserGalleryPage, UserGalleryPhoto
from masthead.listings.models import Channel, Listing, ListingSource
from masthead.listings.selectors import place_zone
from masthead.newsroom.models import StandardPage, StoryNote
from masthead.newsroom.tests import factories as f
from masthead.traffic.tests.factories import make_alert, make_world
from masthead.weather.providers import DemoWeather
from masthead.weather.services import weather_refresh


def every_kind_of_page(network) -> dict[str, str]:
    """Makes one page of every kind in ``network`` (the conftest fixture) and answers their
    addresses on the news site (``localhost``), by a name for the report. Paths under
    /fragments/ are pieces of a page, not pages."""
    world = network["world"]
    author = f.make_author("Ada Arden")
    picture = f.make_image(photographer="Cem Kaya", agency="AFP", default_alt_text="Boats")
    article = f.make_article(
        world,
        title="Harbour reopens after the storm",
        tags=["Harbour", "Weather"],
        dateline="Durban",
        lead_image=picture,
        lead_image_caption="Boats at dawn",
        body=[
            ("paragraph", RichText("<p>The <b>harbour</b> opened at dawn.</p>")),
            ("subheading", "What comes next"),
            ("image", {"image": f.make_image(), "caption": "The quay", "alt_text": "A quay"}),
            ("pull_quote", {"quote": "We are back.", "attribution": "The harbour master"}),
            (
                "related_links",
                {
                    "heading": "More",
                    "links": [{"title": "Elsewhere", "page": None, "url": "https://example.org/"}],
                },
            ),
        ],
        at=timezone.now() - timedelta(minutes=5),
    )
    article.authors.add(author)
    article.notes.add(StoryNote(kind="correction", text="The quay reopened on Monday, not Sunday."))
    f.publish(article)
    gallery = f.make_gallery(world, images=[f.make_image(), f.make_image()], title="Storm")
    video = f.make_video(world, title="From the air", duration_seconds=95, transcript="Wind.")
    about = StandardPage(title="About us", body="<p>Who we are.</p>")
    network["news"].add_child(instance=about)
    f.publish(about)
    reader = make_member("ines")
    community = f.make_section(network["news"], "Community")
    story = CommunityStoryPage(
        title="Our street party",
        contributor=reader,
        contributor_name="ines",
        body=[("paragraph", "<p>Everyone came.</p>")],
    )
    community.add_child(instance=story)
    f.publish(story)
    user_gallery = UserGalleryPage(title="Snow", contributor=reader, contributor_name="ines")
    # modelcluster's child relation, set on the unsaved page as Wagtail's forms do; the
    # django-stubs plugin takes the relation for a class variable.
    user_gallery.photos = [UserGalleryPhoto(image=f.make_image(), caption="The hill")]  # type: ignore[misc]
    community.add_child(instance=user_gallery)
    f.publish(user_gallery)
    places = make_world()
    make_alert(
        places["cape_town"], severity="severe", direction="both", description="Two lanes closed."
    )
    # A region's alert: the place's page shows it under "Across the wider area".
    make_alert(places["western_cape"], kind="roadworks", road="N2", direction="eastbound")
    # Figures already kept (as the refresher leaves them): the page draws its chart and
    # queues no fetch while the checkers read it.
    weather_refresh(place=places["cape_town"], provider=DemoWeather())
    listings_day = _tv_guide(places)
    return {
        "front page": "/",
        "section": world.url,
        "article": article.url,
        "gallery": gallery.url,
        "video": video.url,
        "plain page": about.url,
        "tag": "/tags/harbour/",
        "author": "/authors/ada-arden/",
        "corrections": "/corrections/",
        "community story": story.url,
        "user gallery": user_gallery.url,
        "profile": "/u/ines/",
        "search": "/search/?q=harbour",
        "traffic": "/traffic/cape-town/",
        "weather": "/weather/cape-town/",
        "listings": f"/listings/cape-town/{listings_day}/",
        "multimedia": "/multimedia/",
        "news in pictures": "/multimedia/pictures/",
        "community": "/community/",
        "user galleries": "/community/galleries/",
        "traffic box": "/fragments/traffic/western-cape/",
        "location settings": "/location/",
        "sign in": "/accounts/login/",
        "sign up": "/accounts/signup/",
        "not found": "/no-such-page/",
    }


def _tv_guide(places) -> str:
    """Two channels with a programme that has ended, one on now and one next, and an event:
    every state the guide page draws. Answers the day's date in Cape Town."""
    now = timezone.now()
    source = ListingSource.objects.create(
        name="Guide", kind="xmltv", file_path="guide.xml", place=places["western_cape"]
    )
    for number, name in enumerate(["Coast TV", "Harbour One"]):
        channel = Channel.objects.create(
            source=source, xmltv_id=f"c{number}", name=name, place=places["western_cape"]
        )
        for start, title in [(-150, "Morning news"), (-30, "Harbour life"), (30, "Storm watch")]:
            Listing.objects.create(
                source=source,
                kind="tv",
                key=f"c{number}|{start}",
                channel=channel,
                place=places["western_cape"],
                title=title,
                category="News" if start < 0 else "Documentary",
                starts_at=now + timedelta(minutes=start),
                ends_at=now + timedelta(minutes=start + 60),
            )
    events = ListingSource.objects.create(
        name="Events", kind="ical", file_path="events.ics", place=places["cape_town"]
    )
    Listing.objects.create(
        source=events,
        kind="event",
        key="quay|1",
        place=places["cape_town"],
        title="Quay concert",
        location="The quay",
        category="Music",
        starts_at=now + timedelta(hours=2),
        ends_at=now + timedelta(hours=3),
    )
    return now.astimezone(place_zone(places["cape_town"])).date().isoformat()
