"""Boxes and lines inside a saved story that are not the story: each rule on a small page."""

from __future__ import annotations

from lxml import html as lxml_html

from masthead.ingest.pages import extract_html, is_furniture, story_markup

OPENING = """<p>The council voted on Tuesday to close the harbour road for the winter after two
storms undermined the sea wall, leaving the road's outer lane hanging over the rocks below.</p>"""
MIDDLE = """<p>Engineers said repairs would take until spring, and that the road would reopen in
stages once the new wall had been tested against the highest tides of the year.</p>"""
CLOSING = """<p>Residents of the headland will be able to use the ferry free of charge until the
road reopens, the council said, and buses will run to the ferry pier every half hour.</p>"""


def body_of(inside: str) -> list[tuple[str, str]]:
    markup = f"""<html><head><title>Harbour road closes for the winter</title></head><body>
    <article><h1>Harbour road closes for the winter</h1>{inside}</article></body></html>"""
    return [(b.kind, b.text) for b in extract_html(markup).body]


def test_a_box_headed_story_highlights_stays_out_with_the_points_it_lists():
    body = body_of(
        """<div class="box"><div><b>STORY HIGHLIGHTS</b></div><ul><li>The road closes until
        spring</li><li>Two storms undermined the sea wall</li></ul></div>"""
        + OPENING
        + MIDDLE
        + CLOSING
    )

    texts = [text for _kind, text in body]
    assert "The road closes until spring" not in texts
    assert not any("HIGHLIGHTS" in text or "Two storms" in text for text in texts)
    assert body[0][1].startswith("The council voted")


def test_a_paragraph_that_is_only_a_link_is_a_promoted_headline_not_the_story():
    body = body_of(
        OPENING
        + '<p><a href="/2024/ferry-fares">Ferry fares to rise in the new year</a></p>'
        + MIDDLE
        + CLOSING
    )

    assert ("paragraph", "Ferry fares to rise in the new year") not in body
    assert len(body) == 3


def test_a_bold_line_ending_in_an_ellipsis_is_a_subheading():
    body = body_of(OPENING + "<p><strong>Buses and ferries ...</strong></p>" + MIDDLE + CLOSING)

    assert ("subheading", "Buses and ferries ...") in body


def test_the_caption_set_again_between_dashes_in_the_story_is_dropped():
    body = body_of(
        """<div class="pic"><img src="/wall.jpg" width="600"><p>- The sea wall in 2020.
        REUTERS/Ann Lee -</p></div>"""
        + OPENING
        + MIDDLE
        + CLOSING
    )

    assert not any("sea wall in 2020" in text for _kind, text in body)


def test_a_last_line_that_introduces_what_the_page_embeds_is_dropped():
    body = body_of(OPENING + MIDDLE + CLOSING + "<p>READ the council's full report:</p>")

    assert body[-1][1].startswith("Residents of the headland")


def test_a_note_on_the_writer_a_job_title_line_and_a_call_to_action_are_furniture():
    assert is_furniture(
        "Ann Lee is the transport reporter for the Coast Herald. You can send her an e-mail;"
        " follow her on Twitter; subscribe to her feed; or call the newsroom on 555-0100 with"
        " tips about roads, ferries and buses on the headland and beyond."
    )
    assert is_furniture("Coast Herald Executive News Editor")
    assert is_furniture("Harbour Summit 12-14 May, Early Bird Rates Expire Friday Learn More")
    assert not is_furniture("The editor said the road would reopen in spring.")
    assert not is_furniture(
        "Ann Lee is the transport reporter who first noticed the crack in the wall last year."
    )


def test_a_long_reader_comment_does_not_shelter_the_comment_box():
    comment = (
        "What I want to know is why nobody listened to the fishermen, who said for years that"
        " the wall was failing, and why the council spent the repair money on the promenade"
        " lights instead; now we all pay for the ferry with our time."
    )
    body = body_of(
        OPENING.replace(
            "below.",
            "below, and closing the only road to the lighthouse, the"
            " campsite and the forty houses on the headland beyond the harbour.",
        )
        + MIDDLE
        + CLOSING
        + f'<div class="replies"><h3>Your views</h3><p>{comment}</p></div>'
    )

    assert not any("fishermen" in text for _kind, text in body)


def test_a_description_that_is_the_first_paragraph_is_the_lede_not_a_standfirst():
    lede = (
        "The council voted on Tuesday to close the harbour road for the winter after two storms"
        " undermined the sea wall."
    )
    markup = f"""<html><head><title>Harbour road closes for the winter</title>
    <meta name="description" content="{lede}"></head><body><article>
    <h1>Harbour road closes for the winter</h1><p>OSLO (Coast Wire) -- {lede}</p>
    {MIDDLE}{CLOSING}</article></body></html>"""

    story = extract_html(markup)

    assert story.standfirst == ""
    assert story.body[0].text == lede
    assert story.dateline == "Oslo"


def test_subscription_and_account_prompts_are_furniture_in_any_of_several_languages():
    for line in (
        "Subscribe to the Coast Herald",
        "Suscríbete a Costa Hoy",
        "Abonnez-vous à partir de 1€",
        "You are logged in as",
        "View Author Page",
        "What's This?",
    ):
        assert is_furniture(line), line
    assert not is_furniture("Subscribers to the ferry pass will pay nothing until spring.")


def test_paragraphs_far_from_the_box_holding_the_story_are_teasers_not_the_story():
    teasers = "".join(
        f'<div class="item"><h3><a href="/{n}">Teaser {n}</a></h3><p>{line}</p></div>'
        for n, line in enumerate(
            (
                "The minister said on Sunday that the new fares would be announced in spring.",
                "Fishing boats stayed in port for a third day as the storm moved up the coast.",
            )
        )
    )
    markup = f"""<html><head><title>Harbour road closes for the winter</title></head><body>
    <div class="page"><div class="main"><h1>Harbour road closes for the winter</h1>
    <div class="text">{OPENING}{MIDDLE}{CLOSING}</div></div>
    <div class="column"><div class="block">{teasers}</div></div></div></body></html>"""

    kept = story_markup(lxml_html.document_fromstring(markup))

    assert "The minister said" not in kept and "Fishing boats" not in kept
    assert "Engineers said" in kept and "Residents of the headland" in kept


def test_the_box_with_most_of_the_text_is_the_story_not_the_box_of_one_long_comment():
    comment = " ".join(["Why did nobody listen to the fishermen who warned about the wall?"] * 6)
    markup = f"""<html><head><title>Harbour road closes for the winter</title></head><body>
    <div class="story"><h1>Harbour road closes for the winter</h1>{OPENING}{MIDDLE}{CLOSING}
    {MIDDLE.replace("Engineers", "Surveyors")}</div>
    <div class="replies"><div><p>{comment}</p></div></div>
    </body></html>"""

    kept = story_markup(lxml_html.document_fromstring(markup))

    assert "fishermen" not in kept
    assert "Surveyors said" in kept


def test_picture_controls_counts_source_and_follow_lines_are_furniture_not_subheadings():
    for line in (
        "[+] Enlarge",
        "Like",
        "243",
        "\ufeff",
        "Via Coastwatch",
        "Follow @annlee",
        "E-mail Ann Lee",
        "Submit your question or comment here: 0 of 1500 characters",
        "A lire aussi : notre récit de la tempête",
        "Devenez fan sur , suivez-nous sur",
        "L'AUTEUR",
    ):
        assert is_furniture(line), line
    assert not is_furniture("Via a narrow lane to the lighthouse")
    assert not is_furniture("Like the last storm, this one came from the north.")


def test_a_note_on_the_writer_under_a_saved_story_names_the_writer_when_no_byline_does():
    markup = f"""<html><head><title>Harbour road closes for the winter</title></head><body>
    <article><h1>Harbour road closes for the winter</h1>{OPENING}{MIDDLE}{CLOSING}</article>
    <div class="about"><p>Ann Lee is a freelance reporter covering the coast.</p></div>
    </body></html>"""

    story = extract_html(markup)

    assert story.byline == ["Ann Lee"]
    assert not [b for b in story.body if "freelance" in b.text]


def test_paragraphs_set_over_a_picture_beside_the_story_stay_in_it_and_a_pop_up_does_not():
    over = (
        "<p>The ferry company will add crossings for as long as the road stays closed, and its"
        " boats will wait for the last bus from town on weekday evenings, as they did before.</p>"
        "<p>Fishermen on the headland asked the council to open the road to their lorries at"
        " night, when the tide is low and the outer lane can be watched from the pier.</p>"
    )
    markup = f"""<html><head><title>Harbour road closes for the winter</title></head><body>
    <article><h1>Harbour road closes for the winter</h1><section>
    <div class="single_column">{OPENING}{MIDDLE}{CLOSING}{OPENING}</div>
    <div class="snippet image_overlay"><img src="wall.jpg" alt="The wall">
    <div class="overlay">{over}</div></div>
    <div class="newsletter-overlay"><p>Get the Coast News in your inbox.</p></div>
    </section></article></body></html>"""

    texts = [b.text for b in extract_html(markup).body]

    assert any(t.startswith("The ferry company will add crossings") for t in texts)
    assert any(t.startswith("Fishermen on the headland") for t in texts)
    assert not [t for t in texts if "inbox" in t]
