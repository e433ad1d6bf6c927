import pytest
from bs4 import BeautifulSoup

from masthead.accounts.tests.factories import sign_in
from masthead.contributions import services


@pytest.mark.parametrize(
    ("model", "name", "own_fields"),
    [
        ("communitystorypage", "community story", ["contributor_name", "verification_note"]),
        ("usergallerypage", "user gallery", ["contributor_name", "photos-TOTAL_FORMS"]),
        ("calloutpage", "call-out", ["brief", "wanted", "deadline"]),
    ],
)
def test_editors_can_add_our_page_types_under_a_section(
    client, network, editor, model, name, own_fields
):
    section = services.community_section_for(site=network["news"].get_site())
    sign_in(client, editor)
    response = client.get(f"/admin/pages/add/contributions/{model}/{section.pk}/")
    assert response.status_code == 200
    # The editor sees an empty form for this type, under this section, with its own fields.
    html = BeautifulSoup(response.content, "html.parser")
    heading = html.find("h1").get_text(" ", strip=True).lower()
    assert name in heading, heading
    assert section.title in html.get_text(" ")
    title = html.find("input", attrs={"name": "title"})
    assert title is not None and title.get("value", "") == ""
    form = title.find_parent("form")
    assert form.get("action", "").endswith(f"/{model}/{section.pk}/"), form.get("action")
    missing = [field for field in own_fields if form.find(attrs={"name": field}) is None]
    assert not missing, missing


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
