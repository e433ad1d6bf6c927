"""Captions in pasted text (no markup): told by the credit or the gallery control beside them."""

from __future__ import annotations

from masthead.ingest.pages import extract_text
from masthead.ingest.tests.test_pasted_text import PARAGRAPHS, paragraphs

STORY = (
    "OSLO (Coast Wire) -- The council voted on Tuesday to close the harbour road for the"
    " winter after two storms undermined the sea wall, leaving the outer lane over the rocks.\n"
    "Engineers said repairs would take until spring, and that the road would reopen in stages"
    " once the new wall had been tested against the highest tides of the year, the council said.\n"
    "Residents of the headland will be able to use the ferry free of charge until the road"
    " reopens, and buses will run to the ferry pier every half hour, the council added.\n"
)


def test_a_credit_on_a_line_of_its_own_takes_the_line_above_as_its_caption():
    story = extract_text(
        "Harbour road closes for the winter\nBy Ann Lee\n"
        "Waves break over the sea wall below the harbour road on Monday\n"
        "Per Berg / Getty Images\n" + STORY
    )

    assert story.picture.caption == "Waves break over the sea wall below the harbour road on Monday"
    assert story.picture.credit == "Per Berg / Getty Images"
    assert story.standfirst == ""


def test_a_hide_caption_control_marks_the_line_above_it_as_the_caption():
    story = extract_text(
        "Harbour road closes for the winter\nBy Ann Lee\n"
        "Waves break over the sea wall below the harbour road on Monday.\n"
        "HIDE CAPTION\n" + STORY
    )

    assert (
        story.picture.caption == "Waves break over the sea wall below the harbour road on Monday."
    )
    assert not any("HIDE" in block.text for block in story.body)


def test_a_story_paragraph_above_a_credit_in_the_story_stays_a_paragraph():
    paragraph = (
        "In a speech on Monday the harbour master said the sea wall had been failing for years,"
        " that two earlier repairs had only moved the damage along the wall, and that the new"
        " wall would be built on rock rather than on the old rubble."
    )
    story = extract_text(
        "Harbour road closes for the winter\nBy Ann Lee\n"
        + STORY
        + paragraph
        + "\nPer Berg / Getty Images\n"
        + "The council will meet again in March to decide on the ferry timetable for spring.\n"
    )

    assert paragraph in [block.text for block in story.body]
    assert story.picture.caption == ""


def test_a_dated_caption_under_a_credit_over_the_first_paragraph_is_the_caption():
    # "Apr. 8: …" under the credit opens as captions do; a first paragraph opens no such way.
    caption = "Jan. 4: Ferry passengers queue at the pier after the harbour road closed for winter."
    story = extract_text(
        "Harbour road closes for the winter\nBy Ann Lee\nShare\nTweet\nAP\n"
        + caption
        + "\n"
        + PARAGRAPHS
    )

    assert (story.picture.caption, story.picture.credit) == (caption, "AP")
    assert caption not in paragraphs(story)
    assert len(paragraphs(story)) == 3
    assert story.standfirst == ""


def test_a_dated_line_with_no_credit_above_is_a_timeline_item_and_stays_in_the_story():
    item = "Jan. 4: The council votes to close the harbour road for the winter after two storms."
    story = extract_text(
        "Harbour road closes for the winter\nBy Ann Lee\n" + PARAGRAPHS + item + "\n" + PARAGRAPHS
    )

    assert item in paragraphs(story)
    assert story.picture is None


def test_a_file_photo_caption_anywhere_in_the_story_is_a_caption_not_a_paragraph():
    caption = (
        "FILE - In this Jan. 4, 2025 file photo, waves break over the sea wall below the"
        " harbour road in Oslo."
    )
    head = "Harbour road closes for the winter\nBy Ann Lee\n"
    story = extract_text(head + PARAGRAPHS + caption + "\n" + PARAGRAPHS)

    assert story.picture.caption == caption
    assert caption not in paragraphs(story)


def test_a_caption_closed_by_the_associated_press_in_brackets_has_that_credit():
    story = extract_text(
        "Harbour road closes for the winter\nWaves over the sea wall. (The Associated Press)\n"
        "By Ann Lee\n" + PARAGRAPHS
    )

    assert (story.picture.caption, story.picture.credit) == (
        "Waves over the sea wall.",
        "The Associated Press",
    )


def test_a_name_set_twice_around_by_is_a_byline_not_the_headline_above_it():
    story = extract_text(
        "Harbour road closes for the winter\nWaves over the sea wall. (The Associated Press)\n"
        "Print\nCoast Desk By Coast Desk\non January 5, 2026 at 12:06 PM\n" + PARAGRAPHS
    )

    assert story.headline == "Harbour road closes for the winter"


def test_a_folded_caption_is_read_whole_without_its_controls_or_the_photographers_name_again():
    # The control's "…more" sits where the fold was, "less" closes the unfolded text.
    story = extract_text(
        "Harbour road closes for the winter\nBy Ann Lee\n"
        "Per Berg, File - FILE - In this Jan. 4, 2025 file photo, waves break over the sea"
        " wall. The …more  council closed the road on Monday. (AP Photo/Per Berg, File)  less\n"
        + PARAGRAPHS
    )

    assert story.picture.caption == (
        "FILE - In this Jan. 4, 2025 file photo, waves break over the sea wall. The council"
        " closed the road on Monday."
    )
    assert story.picture.credit == "AP Photo/Per Berg, File"


def test_one_sentence_between_the_share_buttons_and_the_first_paragraph_is_the_caption():
    # Shorter than a paragraph: a sentence of a dozen words or more there opens the story.
    caption = "Waves break over the sea wall on Monday night."
    story = extract_text(
        "Harbour road closes for the winter\n5 January 2026 10:20\n"
        "Facebook\nTwitter\nE-mail\nPrint\n" + caption + "\n" + PARAGRAPHS
    )
    chinese = extract_text(
        "港口道路冬季封闭\n2026年1月5日 10:20\n微博\n微信\n打印\n转寄\n"
        "海浪周一晚上冲上港口道路下方的海堤。\n"
        "市议会周二投票决定在冬季封闭港口道路，因为两场风暴破坏了海堤，外侧车道悬在岩石上方。\n"
        "工程师说，修复工作将持续到春天，新海堤经过一年中最高潮水的测试后，道路将分阶段重新开放。\n"
    )

    assert (story.picture.caption, story.standfirst) == (caption, "")
    assert caption not in paragraphs(story)
    assert chinese.picture.caption == "海浪周一晚上冲上港口道路下方的海堤。"
    assert len(paragraphs(chinese)) == 2


def test_a_sentence_after_the_share_buttons_with_a_byline_after_it_is_no_caption():
    story = extract_text(
        "Harbour road closes for the winter\n5 January 2026 10:20\nFacebook\nTwitter\nE-mail\n"
        "Print\nAfter two storms, the council closes the harbour road.\nBy Ann Lee\n" + PARAGRAPHS
    )

    assert story.picture is None
