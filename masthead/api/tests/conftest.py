"""One shared setup for the API tests: a small network with live, draft and restricted stories."""

from datetime import timedelta

from django.utils import timezone
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from masthead.newsroom.tests import factories as f
from tests.shared_setup import shared_fixture


@shared_fixture("api-newsroom", needs=("network",))
def newsroom(network):
    """Built once for the API tests that follow one another (tests/shared_setup.py)."""
    now = timezone.now()
    author = f.make_author("Ada Arden")
    agency = f.make_agency()
    draft = f.make_article(network["world"], title="Secret draft", tags=["Embargo"], live=False)
    lead = f.make_article(
        network["world"],
        title="Harbour reopens after storm",
        standfirst="Boats <b>return</b> to the harbour as the storm passes.",
        tags=["Weather", "Harbour"],
        at=now - timedelta(minutes=5),
        agency=agency,
        body=[
            ("paragraph", RichText("<p>The <i>harbour</i> opened at dawn.</p>")),
            ("subheading", "What comes next"),
            ("pull_quote", {"quote": "We are back.", "attribution": "The harbour master"}),
            (
                "related_links",
                {
                    "heading": "More",
                    "links": [
                        {"title": "Draft link", "page": draft, "url": ""},
                        {"title": "Elsewhere", "page": None, "url": "https://example.org/x"},
                    ],
                },
            ),
        ],
    )
    lead.authors.add(author)
    lead.save_revision().publish()
    older = f.make_article(
        network["news_section"], title="Council meets", at=now - timedelta(hours=2)
    )
    money = f.make_article(
        network["markets"], title="Shares rise", tags=["Markets"], at=now - timedelta(hours=1)
    )
    members = f.make_section(network["news"], "Members")
    hidden = f.make_article(members, title="Members only story", at=now - timedelta(minutes=1))
    PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.LOGIN)
    gallery = f.make_gallery(
        network["world"], images=[f.make_image(), f.make_image()], title="Storm in pictures"
    )
    return {
        "author": author,
        "draft": draft,
        "lead": lead,
        "older": older,
        "money": money,
        "hidden": hidden,
        "gallery": gallery,
        **network,
    }
