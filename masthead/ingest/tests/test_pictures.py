"""The lead picture of a saved page and what is printed with it: each rule on a small page."""

from __future__ import annotations

from masthead.ingest.pages import extract_html

STORY = """<p>The council voted on Tuesday to close the harbour road for the winter after two
storms undermined the sea wall, leaving the road's outer lane hanging over the rocks below.</p>
<p>Engineers said repairs would take until spring, and that the road would reopen in stages
once the new wall had been tested against the highest tides of the year.</p>"""


def page(picture: str, *, wrapper: str = "main", before: str = "") -> str:
    return f"""<html><head><title>Harbour road closes for the winter</title></head><body>
    <{wrapper}><h1>Harbour road closes for the winter</h1>{before}{picture}{STORY}</{wrapper}>
    </body></html>"""


def picture_of(markup: str):
    story = extract_html(markup)
    assert story.picture is not None
    return story.picture


def test_a_caption_in_an_unmarked_box_beside_the_picture_is_read_with_its_cited_credit():
    picture = picture_of(
        page(
            """<div class="pic"><a href="#" class="enlarge">[+] Enlarge<img src="/wall.jpg"
            width="300" height="200"></a><div><cite>Ann Lee/Coast Herald</cite>The outer lane of
            the harbour road after the second storm.</div></div>"""
        )
    )

    assert picture.caption == "The outer lane of the harbour road after the second storm."
    assert picture.credit == "Ann Lee/Coast Herald"


def test_a_folded_caption_is_read_whole_without_its_toggles_or_its_repeated_credit():
    picture = picture_of(
        page(
            """<div class="media"><ul><li><a href="/big"><img src="/wall.jpg" width="600"></a>
            <p>Ann Lee - The outer lane of the harbour road<span class="more">&nbsp;&hellip;
            <a>more</a></span><span class="less"> after the second storm.
            (AP Photo/Ann Lee)&nbsp;<a>less</a>
            </span></p></li></ul></div>"""
        )
    )

    assert picture.caption == "The outer lane of the harbour road after the second storm."
    assert picture.credit == "AP Photo/Ann Lee"


def test_a_sharing_box_beside_the_picture_is_no_caption():
    picture = picture_of(
        page(
            """<div class="aside-block"><div class="big_photo"><img src="/wall.jpg" width="600">
            </div><div class="share_boxes">Get Alerts <input type="text"> <a href="#">Sign Up</a>
            <a href="#">Submit this story to your friends</a></div></div>"""
        )
    )

    assert picture.caption == ""


def test_a_box_classed_caption_and_credit_is_neither_its_inner_caption_and_credit_are():
    picture = picture_of(
        page(
            """<div class="photo"><img src="/wall.jpg" width="600"><div class="captionCredit">
            <span class="caption">The outer lane of the harbour road.</span>
            <span class="credit">Photo: ANN LEE</span></div></div>"""
        )
    )

    assert picture.caption == "The outer lane of the harbour road."
    assert picture.credit == "ANN LEE"


def test_a_figure_carrying_its_caption_and_credit_as_data_attributes_gives_them():
    picture = picture_of(
        page(
            """<figure data-caption="The outer lane of the harbour road."
            data-credit="Ann Lee—Coast Herald"><picture><img src="/wall.jpg" width="1024">
            </picture></figure>"""
        )
    )

    assert picture.caption == "The outer lane of the harbour road."
    assert picture.credit == "Ann Lee—Coast Herald"


def test_a_credit_marked_as_contributor_and_an_unmarked_caption_are_told_apart():
    picture = picture_of(
        page(
            """<div class="hmedia"><p class="photo"><img src="/wall.jpg" alt="Wall"></p>
            <p class="contributor vcard"><span class="fn">AP</span></p>
            <p class="fn">Oct. 2: The outer lane of the harbour road after the storm.</p></div>"""
        )
    )

    assert picture.credit == "AP"
    assert picture.caption == "Oct. 2: The outer lane of the harbour road after the storm."


def test_a_page_frame_named_like_navigation_does_not_hide_the_story_picture():
    markup = page(
        """<div class="image"><img src="/wall.jpg" width="304" height="171">
        <p class="caption">海堤被风暴冲毁。</p></div>""",
        wrapper='div class="site-int-nav container"',
    ).replace(
        STORY,
        "<p>议会星期二投票决定在冬季关闭港口道路，因为两场风暴破坏了海堤，使道路外侧车道悬在下方的岩石之上。</p>"
        "<p>工程师表示修复工作将持续到春季，新海堤经过一年中最高潮位的检验后，道路将分阶段重新开放。</p>",
    )

    picture = picture_of(markup)

    assert picture.url == "/wall.jpg"
    assert picture.caption == "海堤被风暴冲毁。"


def test_a_picture_the_page_marks_as_the_story_media_is_chosen_from_an_aside():
    picture = picture_of(
        page(
            """<aside itemprop="associatedMedia" itemscope class="single-photo"><img
            src="/wall.jpg" width="534"><p><span class="cutline">The outer lane of the harbour
            road.</span><span class="credit">(Photo: Ann Lee, AP)</span></p></aside>"""
        )
    )

    assert picture.url == "/wall.jpg"
    assert picture.credit == "Ann Lee, AP"


def test_a_lead_media_box_or_the_article_header_is_no_junk_place_for_a_picture():
    for box in ("mod related lead-media", "featured-media article-header"):
        picture = picture_of(
            page(
                f"""<div class="{box}"><figure><img src="/wall.jpg" width="630">
                <figcaption>The outer lane of the harbour road.</figcaption></figure></div>"""
            )
        )
        assert picture.url == "/wall.jpg", box


def test_an_unlinked_picture_in_a_related_box_among_the_story_paragraphs_is_the_story_picture():
    markup = page("").replace(
        STORY,
        """<div class="entry-content"><div class="hmedia related-media"><p><img src="/wall.jpg"
        alt="Wall"></p><p class="caption">The outer lane of the harbour road.</p></div>"""
        + STORY
        + "</div>",
    )

    picture = picture_of(markup)

    assert picture.url == "/wall.jpg"
    assert picture.caption == "The outer lane of the harbour road."


def test_a_caption_box_holding_only_a_studios_credit_gives_the_credit_and_no_caption():
    picture = picture_of(
        page(
            """<figure><img src="/wall.jpg" width="300" height="200">
            <figcaption>(Ann Lee Photography)</figcaption></figure>"""
        )
    )

    assert (picture.caption, picture.credit) == ("", "Ann Lee Photography")
