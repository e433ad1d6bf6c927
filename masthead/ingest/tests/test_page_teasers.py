"""Cards promoting other pages, and a jobs box under a heading, inside a saved story's column:
each rule on a small page of our own."""

from __future__ import annotations

from masthead.ingest.pages import extract_html, is_furniture
from masthead.ingest.pictures import strip_credit_label
from masthead.ingest.tests.test_page_furniture import CLOSING, MIDDLE, OPENING, body_of


def card(title: str, blurb: str) -> str:
    return f"""<div class="tease"><div><a href="/other/{len(title)}.html">{title}</a></div>
    <div>January 3, 2026 -- Updated 1358 GMT</div>
    <div><a href="/other/{len(title)}.html"><img src="/t/{len(title)}.jpg" alt=""></a></div>
    <div>{blurb}</div></div>"""


def test_cards_promoting_other_pages_stay_out_of_the_body():
    body = body_of(
        OPENING
        + MIDDLE
        + CLOSING
        + card("10 things to know about storms", "Here are ten facts about the sea's force.")
        + card("Photos: Storms around the world", "See the weather events of the year.")
    )

    texts = [text for _kind, text in body]
    assert len(texts) == 3
    assert not any("facts" in t or "weather events" in t for t in texts)


def test_a_jobs_box_split_from_its_heading_leaves_with_the_heading():
    body = body_of(
        OPENING
        + MIDDLE
        + CLOSING
        + "<div><p><b>Search for jobs</b><br>Click to search our database of all the latest"
        " harbour roles and let the best recruiters find you.</p></div>"
    )

    assert [text for _kind, text in body][-1].startswith("Residents of the headland")


def test_a_picture_viewers_control_word_is_no_part_of_the_credit():
    assert strip_credit_label("AP Photo Close") == "AP Photo"
    assert strip_credit_label("Per Berg/AFP Enlarge") == "Per Berg/AFP"
    assert strip_credit_label("Glenn Close") == "Glenn Close"  # a name, not a control
    assert is_furniture("Click to set up your profile and let the best recruiters find you")


def test_the_lead_picture_survives_the_cards_rule():
    markup = (
        """<html><body><article><h1>Harbour road closes for the winter</h1>
    <div class="lead"><a href="/pictures/wall.html"><img src="/p/wall.jpg" width="640"
    height="360" alt="The sea wall"></a><a href="/pictures/wall.html">The sea wall</a></div>
    """
        + OPENING
        + MIDDLE
        + CLOSING
        + "</article></body></html>"
    )

    story = extract_html(markup)

    assert story.picture is not None and story.picture.url.endswith("wall.jpg")
    assert len(story.body) == 3
