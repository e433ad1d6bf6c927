"""Subheadings inside a saved story, and headings that only look like them."""

from __future__ import annotations

from masthead.ingest.tests.test_page_furniture import CLOSING, MIDDLE, OPENING, body_of


def test_a_bold_line_opening_a_paragraph_before_a_break_is_a_subheading_of_its_own():
    body = body_of(
        OPENING
        + MIDDLE
        + """<p> <b>Fewer buses on the headland</b><br /> While the road is closed, the bus
        company will run its service only as far as the ferry pier, four times an hour.</p>"""
        + CLOSING
    )

    assert ("subheading", "Fewer buses on the headland") in body
    assert (
        "paragraph",
        "While the road is closed, the bus company will run its service only"
        " as far as the ferry pier, four times an hour.",
    ) in body


def test_a_short_bold_question_is_a_subheading_and_an_interview_question_is_not():
    body = body_of(
        OPENING
        + "<p><strong>Who pays for the wall?</strong></p>"
        + MIDDLE
        + "<p><strong>And how did the council answer the fishermen who warned it?</strong></p>"
        + CLOSING
    )

    assert ("subheading", "Who pays for the wall?") in body
    assert ("subheading", "And how did the council answer the fishermen who warned it?") not in body


def test_a_heading_above_the_first_paragraph_is_a_kicker_not_a_subheading():
    body = body_of("<h3>Coast and harbours</h3>" + OPENING + MIDDLE + CLOSING)

    assert body[0][0] == "paragraph"
    assert not any(kind == "subheading" for kind, _text in body)


def test_a_bold_line_set_as_several_bold_runs_is_one_subheading_with_its_words_whole():
    # Editors' tools split a bold line into runs mid-word; trafilatura puts each run on a
    # line of its own, and that indentation is no space on the page.
    body = body_of(
        OPENING
        + MIDDLE
        + "<p><strong>... </strong><strong>a</strong><strong>nd the ferries</strong></p>"
        + CLOSING
    )

    assert ("subheading", "... and the ferries") in body
    assert not [text for _, text in body if "a nd" in text]
