import pytest

from masthead.newsroom.tests import factories as f


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reader_opens_front_page_and_follows_a_story(page, network, site_url):
    f.make_article(network["world"], title="Harbour reopens after storm", tags=["Weather"])
    page.goto(site_url("localhost", "/"))
    page.get_by_role("link", name="Harbour reopens after storm").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Harbour reopens after storm"
