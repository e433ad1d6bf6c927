import pytest

from masthead.newsroom.tests import factories as f


@pytest.mark.django_db
def test_article_is_served_on_its_own_site_with_headline_and_tags(client, network):
    article = f.make_article(network["world"], title="Bridge reopens", tags=["Ankara", "Transport"])
    response = client.get(article.url, HTTP_HOST="localhost")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Bridge reopens</h1>" in html
    assert 'href="/tags/ankara/"' in html
    other = client.get(article.url, HTTP_HOST="sport.localhost")
    assert other.status_code == 404
