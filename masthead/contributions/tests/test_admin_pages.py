import pytest

from masthead.accounts.tests.factories import sign_in
from masthead.contributions import services


@pytest.mark.parametrize("model", ["communitystorypage", "usergallerypage", "calloutpage"])
def test_editors_can_add_our_page_types_under_a_section(client, network, editor, model):
    section = services.community_section_for(site=network["news"].get_site())
    sign_in(client, editor)
    response = client.get(f"/admin/pages/add/contributions/{model}/{section.pk}/")
    assert response.status_code == 200


def test_accepting_as_draft_opens_the_page_editor(client, network, editor, make_contribution):
    contribution = make_contribution()
    sign_in(client, editor)
    response = client.post(
        f"/admin/contributions/{contribution.pk}/decide/", {"action": "accept"}, follow=True
    )
    assert response.status_code == 200
    contribution.refresh_from_db()
    assert response.redirect_chain[-1][0] == f"/admin/pages/{contribution.page_id}/edit/"
    assert b"Reader contribution" in response.content  # the panel with contributor and checks
