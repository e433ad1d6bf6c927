"""/weather/, /traffic/ and /listings/ lead to the site's home area's page, not a 404."""

import pytest

from masthead.places.models import PlacesSettings
from masthead.places.tests.catalogue import build_south_africa


@pytest.mark.django_db
@pytest.mark.parametrize("component", ["weather", "traffic", "listings"])
def test_a_components_bare_address_leads_to_the_sites_home_area(client, network, component):
    places = build_south_africa()
    setting = PlacesSettings.for_site(network["sport"].get_site())
    setting.default_place = places["durban"]
    setting.save()
    response = client.get(f"/{component}/", HTTP_HOST="sport.localhost")
    assert response.status_code == 302
    assert response["Location"] == f"/{component}/durban/"
    assert "public" in response["Cache-Control"]
    followed = client.get(f"/{component}/", HTTP_HOST="sport.localhost", follow=True)
    assert followed.status_code == 200
