"""Pasted text (no markup): where the story starts, its headline, and the lines that are no
paragraph of it, each rule on a small page of our own."""

from __future__ import annotations

from datetime import UTC, datetime

from masthead.ingest.pages import extract_text, is_furniture

PARAGRAPHS = (
    "The council voted on Tuesday to close the harbour road for the winter after two storms"
    " undermined the sea wall, leaving the outer lane hanging over the rocks.\n"
    "Engineers said repairs would take until spring, and that the road would reopen in stages"
    " once the new wall had been tested against the highest tides of the year.\n"
    "Residents of the headland will be able to use the ferry free of charge until the road"
    " reopens, and buses will run to the ferry pier every half hour, the council added.\n"
)
MENU = "Home\nNews\nSport\nWeather\nPlaces\n"


def paragraphs(story) -> list[str]:
    return [block.text for block in story.body if block.kind == "paragraph"]


def test_chinese_text_has_a_headline_and_paragraphs_though_it_puts_no_spaces_between_words():
    story = extract_text(
        MENU + "港口道路冬季封闭\n2026年1月5日 10:20\n"
        "市议会周二投票决定在冬季封闭港口道路，因为两场风暴破坏了海堤。\n"
        "工程师说，修复工作将持续到春天，道路将分阶段重新开放。\n"
        "渡轮在道路重新开放前免费。\n"
        "居民可以乘坐每半小时一班的公共汽车前往渡轮码头，市议会补充说。\n"
    )

    assert story.headline == "港口道路冬季封闭"
    assert story.published_at == datetime(2026, 1, 5, 10, 20, tzinfo=UTC)
    # A short sentence between paragraphs ends in "。": a paragraph, not a subheading.
    assert [b.kind for b in story.body] == ["paragraph"] * 4


def test_a_paragraph_previewed_in_a_share_box_above_the_headline_is_not_where_the_story_starts():
    opening = (
        "OSLO (Coast Wire) -- Waves undermined the sea wall on Monday night, and the council"
        " closed the harbour road before dawn."
    )
    story = extract_text(
        MENU + "Share this story\n" + opening + "\nPost to Facebook\nCancel\nSend\n"
        "Harbour road closes for the winter\nBy Ann Lee\n" + opening + "\n" + PARAGRAPHS
    )

    assert story.headline == "Harbour road closes for the winter"
    assert story.byline == ["Ann Lee"]
    assert story.dateline == "Oslo"
    assert len(story.body) == 4


def test_a_datelined_teaser_under_the_story_does_not_take_the_story_start():
    more = "".join(
        f"The {who} said on {day} that the closure would cost the town's shops dearly over"
        " the winter, and asked the council for help with their rates.\n"
        for who, day in (("chamber of commerce", "Monday"), ("bakers", "Tuesday"),
                         ("hoteliers", "Wednesday"), ("fishmongers", "Thursday"))
    )  # fmt: skip
    story = extract_text(
        "Harbour road closes for the winter\nBy Ann Lee\n" + PARAGRAPHS + more + "More stories\n"
        "BERGEN (Coast Wire) -- The ferry company said on Friday it would add two crossings"
        " a day for as long as the harbour road stays closed.\n"
    )

    assert story.headline == "Harbour road closes for the winter"
    assert paragraphs(story)[0].startswith("The council voted")


def test_items_of_a_dated_list_of_other_stories_are_no_paragraphs():
    rail = "".join(
        f"0{day}/01/2026 The council's {subject} was discussed again at the meeting on Tuesday"
        " night, members said afterwards.\n"
        for day, subject in ((3, "budget"), (4, "ferry plan"), (5, "school plan"))
    )
    story = extract_text(rail + "Harbour road closes for the winter\nBy Ann Lee\n" + PARAGRAPHS)

    assert story.headline == "Harbour road closes for the winter"
    assert not any("/01/2026" in p for p in paragraphs(story))


def test_a_headline_with_a_label_in_capitals_is_the_headline_when_its_byline_follows():
    story = extract_text(
        MENU + "HARBOUR: Road closes for the winter after the storms\n"
        "Ann Lee | Jan. 5, 2026, 10:20 AM\n" + PARAGRAPHS
    )

    assert story.headline == "HARBOUR: Road closes for the winter after the storms"
    assert story.byline == ["Ann Lee"]


def test_a_line_introducing_the_story_with_a_colon_is_no_standfirst():
    story = extract_text(
        "Harbour road closes for the winter\nBy Ann Lee\n"
        "From the council's statement on the harbour road closure this week:\n" + PARAGRAPHS
    )

    assert story.standfirst == ""


def test_calls_to_follow_the_site_and_link_arrows_are_furniture():
    assert is_furniture("Please follow Coast News on Twitter and Facebook.")
    assert is_furniture("Ask Ann A Question >")
    assert not is_furniture("Ann said the council would follow the engineers' advice.")


def test_a_credit_in_a_sites_own_words_takes_the_caption_above_past_its_filing_date():
    caption = "Waves break over the sea wall below the harbour road on Monday night."
    story = extract_text(
        "Harbour road closes for the winter\nBy Ann Lee\n"
        + caption
        + "\n05-01-2026\n| Efe\n"
        + PARAGRAPHS
    )

    assert story.picture.caption == caption
    assert story.picture.credit == "Efe"
    assert story.standfirst == ""


def test_a_studio_or_courtesy_credit_takes_no_menu_item_for_its_caption():
    story = extract_text(
        "Harbour road closes for the winter\nBy Ann Lee\n"
        "print this story\nadd to Reading List\n(Ann Lee Photography)\n" + PARAGRAPHS
    )

    assert story.picture.credit == "Ann Lee Photography"
    assert story.picture.caption == ""


def test_a_sentence_after_a_box_of_share_buttons_is_no_standfirst_when_no_byline_follows():
    story = extract_text(
        "Harbour road closes for the winter\n5 January 2026 10:20\n"
        "Facebook\nTwitter\nE-mail\nPrint\n"
        "Waves broke over the sea wall below the harbour road on Monday night.\n" + PARAGRAPHS
    )

    assert story.standfirst == ""


def test_a_standfirst_after_the_pages_tools_still_counts_when_the_byline_follows_it():
    standfirst = "After two storms, the council closes the harbour road until the spring."
    story = extract_text(
        "Harbour road closes for the winter\n5 January 2026 10:20\n-\nA\n+\nTweet\n"
        + standfirst
        + "\nBy Ann Lee\n"
        + PARAGRAPHS
    )

    assert story.standfirst == standfirst


def test_a_headline_quoting_in_guillemets_is_no_menu():
    headline = "Le maire «assume» et «revendique» sa méthode"
    story = extract_text(MENU + headline + "\nPar Anne Leroy\n" + PARAGRAPHS)

    assert not is_furniture(headline)
    assert story.headline == headline


def test_the_time_before_an_update_mark_is_published_and_a_captions_date_is_not():
    story = extract_text(
        "Harbour road closes for the winter\n"
        "5 janvier 2026 à 10:20 (Mis à jour: 11:56)\n"
        "Le maire, le 4 janvier 2026 à Oslo (Photo Per Berg. AFP)\n" + PARAGRAPHS
    )

    assert story.published_at == datetime(2026, 1, 5, 10, 20, tzinfo=UTC)


def test_a_line_over_a_credit_is_the_caption_and_share_buttons_do_not_part_headline_and_byline():
    story = extract_text(
        MENU + "Harbour master says the old sea wall was failing for years\n"
        "1.2k\nShares\nShare\nTweet\n"
        "Ann Berg, harbour master of Oslo\nImage: Coast News\nBy Ann Lee\n" + PARAGRAPHS
    )

    assert story.headline == "Harbour master says the old sea wall was failing for years"
    assert story.picture.caption == "Ann Berg, harbour master of Oslo"


def test_a_fact_box_with_a_date_does_not_outrank_the_headline_its_byline_follows():
    story = extract_text(
        MENU + "Harbour Quest review: a boat game to remember\nBy Ann Lee\n"
        "Share\nTweet\nGame Info\nPlatform Windows, Mac, Linux, Switch\n"
        "Publisher Coast Harbour Games\nRelease Date 2026-01-05\n" + PARAGRAPHS
    )

    assert story.headline == "Harbour Quest review: a boat game to remember"


def test_a_breadcrumb_or_the_writers_name_between_headline_and_byline_is_not_the_headline():
    for between in ("Home NEWS Harbour", "Ann Lee"):
        story = extract_text(
            MENU + "Harbour road closes for the winter\n" + between + "\n"
            "posted on Monday, January 5th, 2026\n" + PARAGRAPHS
        )

        assert story.headline == "Harbour road closes for the winter"


def test_a_long_question_under_a_short_headline_is_its_deck():
    story = extract_text(
        MENU + "5 January 2026 10:20\nHarbour road grandstanding?\n"
        "Is the council really closing the road because of the storms, or because of the cost?\n"
        "Email\nPrint\nBy Ann Lee\n" + PARAGRAPHS
    )

    assert story.headline == "Harbour road grandstanding?"


def test_a_headline_may_end_in_an_initialisms_full_stop():
    story = extract_text(
        MENU + "Harbour Deal Stirs Questions About Ferry Ties With U.S.\n"
        "Published January 5, 2026\n" + PARAGRAPHS
    )

    assert story.headline == "Harbour Deal Stirs Questions About Ferry Ties With U.S."


def test_an_agency_credit_in_the_story_takes_the_caption_printed_under_it():
    caption = "Ferry passengers queue at the pier on Monday after the harbour road closed."
    first = (
        "The council voted on Tuesday to close the harbour road for the winter after two storms"
        " undermined the sea wall, leaving the outer lane hanging over the rocks and the inner"
        " lane cracked along most of its length, engineers said.\n"
        "The ferry company said it would add crossings for as long as the road stays closed,"
        " and that its boats would wait for the last bus from town on weekday evenings, as they"
        " did during the closure of the road two winters ago."
    )
    rest = PARAGRAPHS
    story = extract_text(
        "Harbour road closes for the winter\nBy Ann Lee\n"
        + first
        + "\nPer Berg / Getty Images\n"
        + caption
        + "\n"
        + rest
    )

    assert story.picture.credit == "Per Berg / Getty Images"
    assert story.picture.caption == caption
    assert caption not in paragraphs(story)


def test_a_credit_over_the_first_paragraph_does_not_take_it_for_a_caption():
    story = extract_text(
        "Harbour road closes for the winter\nBy Ann Lee\nShare\nTweet\nAP\n" + PARAGRAPHS
    )

    assert story.picture.caption == ""
    assert len(paragraphs(story)) == 3


def test_a_source_after_a_bar_is_no_credit_without_a_caption():
    story = extract_text(
        "Harbour road closes for the winter\nPublished January 5, 2026\n| Coast News\n" + PARAGRAPHS
    )

    assert story.picture is None


def test_a_tag_line_is_neither_caption_nor_standfirst():
    story = extract_text(
        "Harbour road closes for the winter\nBy Ann Lee\n"
        "Topics: harbour, storms, ferry, road works, sea wall, council, winter\n"
        "Per Berg / AFP / Getty Images\n" + PARAGRAPHS
    )

    assert story.picture.caption == ""
    assert story.standfirst == ""


def test_labels_comment_boxes_slugs_and_a_closing_note_on_the_writer_leave_the_body():
    story = extract_text(
        "Harbour road closes for the winter\nBy Ann Lee\nThe-Coast-Wire\n"
        + PARAGRAPHS
        + "Verdict:\nThe road will be missed by everyone who drives it every day to work.\n"
        "Original Print Headline: Road shut\n"
        "Ann Lee Ann Lee est journaliste indépendante et blogueuse sur la mer et les ports.\n"
        "blog comments powered by Disqus\n"
    )

    texts = [block.text for block in story.body]
    assert not [t for t in texts if t in ("The-Coast-Wire", "Verdict:")]
    assert not [t for t in texts if t.startswith(("Original Print", "Ann Lee Ann", "blog"))]


def test_a_comment_policy_is_furniture_in_english_and_in_arabic():
    assert is_furniture("The views expressed below are those of our readers, not of the site.")
    assert is_furniture("الآراء الواردة أدناه لا تعبر عن رأي الموقع، بل تعكس وجهات نظر أصحابها.")
    assert not is_furniture("The mayor said the views from the new sea wall would be superb.")
    assert is_furniture("If you have a question for Ann Lee, you can submit it here.")


def test_a_story_of_one_paragraph_under_its_headline_and_time_stamp_is_found():
    paragraph = PARAGRAPHS.split("\n")[0]
    story = extract_text(
        MENU + "Harbour road closes for the winter\nJanuary 5, 2026 10:20 AM\nShare this\n"
        "View Comments\n" + paragraph + "\nListen Live!\nMore Videos\nWeather\nTraffic\n"
    )

    assert story.headline == "Harbour road closes for the winter"
    assert paragraphs(story) == [paragraph]


def test_a_last_paragraph_closed_by_the_agencys_copyright_stays_in_the_story():
    last = (
        "The ferry company said its boats would wait for the last bus from town on weekday"
        " evenings until the road reopens. (c)AFP/Per Berg"
    )
    story = extract_text(
        "Harbour road closes for the winter\nBy Ann Lee\n" + PARAGRAPHS + last + "\n"
        "World news\nAll stories >\nContact\nSite map\nTerms\n"
    )

    assert story.picture is None
    assert paragraphs(story)[-1] == last


def test_a_pull_quote_and_its_attribution_leave_the_body():
    first, rest = PARAGRAPHS.split("\n", 1)
    story = extract_text(
        "Harbour road closes for the winter\nBy Ann Lee\n" + first + "\n"
        '"I have driven that road every day for forty years, and I never saw the sea so high."\n'
        "— PER BERG, a ferry pilot, after the storm on Monday\n" + rest
    )

    assert not [p for p in paragraphs(story) if "forty years" in p or "PER BERG" in p]
    assert len(paragraphs(story)) == 3


def test_a_short_question_standing_alone_between_paragraphs_is_a_subheading():
    one, two, three = PARAGRAPHS.strip().split("\n")
    story = extract_text(
        "Harbour road closes for the winter\nBy Ann Lee\n"
        + "\n".join((one, two, "What will it cost?", three))
    )

    assert [b.text for b in story.body if b.kind == "subheading"] == ["What will it cost?"]


def test_a_name_over_its_job_title_or_alone_beside_the_time_stamp_is_the_byline():
    titled = extract_text(
        "Harbour road closes for the winter\nJan 5, 2026 – 4:39 PM\nText Size\n"
        "Ann Lee Senior Political Correspondent\n" + PARAGRAPHS
    )
    alone = extract_text(
        "Harbour road closes for the winter\nText Size\nAnn Lee\n"
        "posted on Monday, January 5th, 2026\n" + PARAGRAPHS
    )

    assert titled.byline == ["Ann Lee"]
    assert alone.byline == ["Ann Lee"]


def test_a_note_on_the_writer_after_the_story_names_the_writer_when_no_byline_does():
    story = extract_text(
        "Harbour road closes for the winter\nJan 5, 2026\n"
        + PARAGRAPHS
        + "Ann Lee is a freelance reporter covering the coast and its harbours.\n"
    )
    # An author box prints the name as its title, then the note: "Anne Leroy Anne Leroy est …".
    boxed = extract_text(
        "Harbour road closes for the winter\nJan 5, 2026\n"
        + PARAGRAPHS
        + "L'AUTEUR\nAnne Leroy Anne Leroy est journaliste indépendante à Oslo.\n"
    )

    assert story.byline == ["Ann Lee"]
    assert "Ann Lee is a freelance" not in " ".join(paragraphs(story))
    assert boxed.byline == ["Anne Leroy"]


def test_a_reporter_named_inside_the_story_is_not_its_writer():
    story = extract_text(
        "Harbour road closes for the winter\nJan 5, 2026\n"
        "Per Berg is a reporter for the Coast News who was on the harbour road when the wall"
        " gave way on Monday night, and filmed the outer lane as it fell.\n" + PARAGRAPHS
    )

    assert story.byline == []


def test_writers_shared_with_a_slash_before_the_date_give_the_byline_and_where_they_filed():
    story = extract_text(
        "Harbour road closes for the winter\n"
        "Ann Lee / Per de Berg Oslo 5 JAN 2026 - 10:20 CET\n" + PARAGRAPHS
    )
    unplaced = extract_text(
        "Harbour road closes for the winter\nAnn Lee / Per de Berg 5 JAN 2026 - 10:20 CET\n"
        + PARAGRAPHS
    )

    assert story.byline == ["Ann Lee", "Per de Berg"]
    assert story.dateline == "Oslo"
    assert story.published_at == datetime(2026, 1, 5, 9, 20, tzinfo=UTC)
    # No place the gazetteer knows before the date: every word is the writers'.
    assert (unplaced.byline, unplaced.dateline) == (["Ann Lee", "Per de Berg"], "")


def test_a_follow_button_after_a_closing_byline_is_no_part_of_the_name():
    story = extract_text(
        "Harbour road closes for the winter\n" + PARAGRAPHS + "-- By Ann Lee Follow @annlee\n"
    )

    assert story.byline == ["Ann Lee"]


def test_times_glued_to_a_label_or_in_four_figures_are_read_and_a_told_date_is_none():
    glued = extract_text(
        "Harbour road closes for the winter\nHARBOURJAN 5, 2026 2:00 AM\nBy Ann Lee\n" + PARAGRAPHS
    )
    figures = extract_text(
        "Harbour road closes for the winter\nJanuary 5, 2026 -- Updated 0203 GMT (1003 HKT)\n"
        + PARAGRAPHS
    )
    told = extract_text(
        "Harbour road closes for the winter\nBy Ann Lee\nSTORY HIGHLIGHTS\n"
        "The harbour road was opened by the king on August 14, 1935\n" + PARAGRAPHS
    )

    assert glued.published_at == datetime(2026, 1, 5, 2, 0, tzinfo=UTC)
    assert figures.published_at == datetime(2026, 1, 5, 2, 3, tzinfo=UTC)
    assert told.published_at is None


def test_a_second_pictures_caption_over_its_credit_leaves_the_body():
    long_one, long_two = (
        "The council voted on Tuesday to close the harbour road for the winter after two storms"
        " undermined the sea wall, leaving the outer lane hanging over the rocks and the inner"
        f" lane cracked along most of its length, {who} said after the meeting."
        for who in ("engineers", "the harbour master")
    )
    story = extract_text(
        "Harbour road closes for the winter\nBy Ann Lee\n"
        "Waves break over the sea wall on Monday.\n(Photo: Per Berg/Coast News)\n"
        + PARAGRAPHS
        + "The ferry pier will take the road's traffic until the spring.\n"
        "(Credit: Ann Lee/Coast News)\n" + long_one + "\n" + long_two + "\n"
    )

    assert story.picture.caption == "Waves break over the sea wall on Monday."
    assert not [p for p in paragraphs(story) if p.startswith("The ferry pier")]


def test_a_longer_invitation_to_write_to_the_reporter_is_furniture():
    assert is_furniture(
        "If you have a question or comment for Ann Lee, you can submit it here. Because our"
        " editors read every message that comes in, we may not be able to answer each one of them"
        " in person, and we thank you for writing."
    )


def test_a_story_opening_on_a_list_it_introduces_starts_at_its_first_paragraph():
    one, two, three = PARAGRAPHS.strip().split("\n")
    facts = "".join(
        f"The {thing} was closed on {day} for the first time since the war.\n"
        for thing, day in (("ferry", "Monday"), ("bridge", "Tuesday"), ("tunnel", "Friday"))
    )
    story = extract_text(
        "Harbour road closes for the winter\nBy Ann Lee\n" + one + "\n"
        "Some of the other closures the storms forced this week include:\n"
        + facts
        + "The lighthouse path was closed on Sunday after a wave broke the railing.\n"
        + two
        + "\n"
        + three
        + "\nView/Post Comments\nRelated Stories\n"
    )

    texts = paragraphs(story)
    assert texts[0] == one
    assert "The bridge was closed on Tuesday for the first time since the war." in texts
    assert texts[-1] == three


def test_a_credit_run_into_the_caption_under_an_enlarge_control_is_split_from_it():
    one, two, three = PARAGRAPHS.strip().split("\n")
    story = extract_text(
        "Harbour road closes for the winter\nBy Ann Lee\nArchive | Contact\n"
        + "\n".join((one, two, "[+] Enlarge"))
        + "\nPer Berg/Coast PHOTO Ann Berg says the sea wall was failing for years.\n"
        + three
        + "\n[+] Enlarge\nAnn Lee/Getty ImagesWaves broke over the pier on Monday.\n"
    )

    assert story.picture.credit == "Per Berg/Coast PHOTO"
    assert story.picture.caption == "Ann Berg says the sea wall was failing for years."
    assert paragraphs(story) == [one, two, three]


def test_a_short_title_closing_the_pasted_text_is_a_box_after_the_story():
    story = extract_text(
        "Harbour road closes for the winter\nBy Ann Lee\n" + PARAGRAPHS + "Reader Conversations\n"
    )

    assert paragraphs(story)[-1].startswith("Residents of the headland")
