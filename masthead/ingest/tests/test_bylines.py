"""Bylines: an imported draft's authors stay private until a story of theirs is live, and
what is not a person's name (a job title after it, an organisation) makes no author."""

from __future__ import annotations

import re

import pytest

from masthead.ingest import services
from masthead.ingest.bylines import byline_people
from masthead.newsroom.models import ArticlePage, Author
from masthead.newsroom.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported_draft(shared_data, section) -> ArticlePage:
    path = shared_data / "ninjs" / "ninjs-1.4_ninjsExComplex2.json"
    summary = services.input_import(
        data=path.read_bytes(), origin=str(path), name=path.name, section=section
    )
    return ArticlePage.objects.get(pk=summary.results[0].page_id)


def test_a_drafts_bylines_have_no_public_page_until_it_is_published(client, imported_draft):
    names = sorted(a.name for a in imported_draft.authors.all())
    assert names == ["Frances d'Emilio", "Paulo Santalucia"]
    author = Author.objects.get(name="Paulo Santalucia")
    page = f"/authors/{author.slug}/"

    assert client.get(page, HTTP_HOST="localhost").status_code == 404
    assert client.get(page + "?before=9999999999999999.1", HTTP_HOST="localhost").status_code == 404
    assert client.get(f"/api/v1/authors/{author.slug}").status_code == 404
    listed = client.get("/api/v1/authors").json()["items"]
    assert author.slug not in [a["slug"] for a in listed]
    assert not _sitemap_addresses(client, "/authors/")

    f.publish(imported_draft)

    response = client.get(page, HTTP_HOST="localhost")
    assert response.status_code == 200
    assert imported_draft.title in response.content.decode()
    assert client.get(f"/api/v1/authors/{author.slug}").status_code == 200
    assert _sitemap_addresses(client, "/news/world/")  # the sitemaps were read


def _sitemap_addresses(client, containing: str) -> list[str]:
    """Every address in the sitemap index's files that contains ``containing``."""
    index = client.get("/sitemap.xml", HTTP_HOST="localhost").content.decode()
    found = []
    for chunk in re.findall(r"<loc>http://localhost([^<]+)</loc>", index):
        text = client.get(chunk, HTTP_HOST="localhost").content.decode()
        found += [loc for loc in re.findall(r"<loc>([^<]+)</loc>", text) if containing in loc]
    return found


def test_an_author_whose_story_is_unpublished_loses_the_page(client, imported_draft):
    author = Author.objects.get(name="Paulo Santalucia")
    f.publish(imported_draft)
    assert client.get(f"/authors/{author.slug}/", HTTP_HOST="localhost").status_code == 200
    imported_draft.unpublish()
    from masthead.core.pagecache import purge_all

    purge_all()
    assert client.get(f"/authors/{author.slug}/", HTTP_HOST="localhost").status_code == 404


@pytest.mark.parametrize(
    ("byline", "people"),
    [
        ("Richard Adams Education editor", ["Richard Adams"]),
        ("Richard Adams, Education Editor", ["Richard Adams"]),
        ("Helena Smith in Athens", ["Helena Smith"]),
        ("By Jonas Berg, AFP", ["Jonas Berg"]),
        ("Paulo Santalucia and Frances d'Emilio", ["Paulo Santalucia", "Frances d'Emilio"]),
        ("The Sports Network", []),
        ("Associated Press", []),
        ("CNN Wire Staff", []),
        ("Kestrel Reporting", []),  # a site's reporting desk, signed like a name
        ("futurezone/KN", []),
        ("Reuters", []),
        ("Staff reporter", []),
        ("Marie-Claire Dupont", ["Marie-Claire Dupont"]),
        ("JOHN SMITH", ["John Smith"]),
        ("Tim Walker, Jane Doe und Max Müller", ["Tim Walker", "Jane Doe", "Max Müller"]),
    ],
)
def test_bylines_give_only_peoples_names(byline, people):
    assert byline_people(byline) == people
