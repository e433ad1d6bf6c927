import pytest

from masthead.comments.text import CommentTextError, WordList, clean_body, render_body


def test_script_and_html_are_escaped_not_rendered():
    html = render_body(clean_body('<script>alert("x")</script><b>bold</b>', max_length=500))
    assert "<script" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "&lt;b&gt;bold&lt;/b&gt;" in html


def test_line_breaks_kept_and_urls_linked_with_nofollow_ugc():
    html = render_body(clean_body("one\ntwo\n\n\n\nsee https://example.org/a?b=1.", max_length=500))
    assert html.startswith("<p>one<br>two</p><p>see ")
    assert '<a href="https://example.org/a?b=1" rel="nofollow ugc noopener">' in html
    assert html.endswith("</a>.</p>")


def test_javascript_url_is_never_a_link():
    html = render_body(clean_body("javascript:alert(1) and data:text/html,x", max_length=500))
    assert "<a" not in html


def test_zero_width_and_bidi_controls_are_removed():
    assert clean_body("pay\u200bpal \u202eevil\u202c \ufeffok\u2066x\u2069", max_length=500) == (
        "paypal evil okx"
    )


def test_invalid_utf8_is_refused_with_a_reason():
    with pytest.raises(CommentTextError, match="not valid UTF-8"):
        clean_body(b"caf\xe9 au lait", max_length=500)
    with pytest.raises(CommentTextError, match="not valid text"):
        clean_body("caf\ufffd", max_length=500)


def test_oversized_and_empty_bodies_are_refused():
    with pytest.raises(CommentTextError, match="limit is 10"):
        clean_body("x" * 11, max_length=10)
    with pytest.raises(CommentTextError, match="empty"):
        clean_body(" \u200b\n\t ", max_length=10)


@pytest.mark.parametrize(
    "text",
    ["SPAM here", "sp4m", "s.p.a.m", "s p a m", "spaaaam", "Spämmer", "ŚPAM", "$pam"],
)
def test_word_list_sees_through_case_accents_and_obvious_obfuscation(text):
    assert WordList.parse("spam*").find(text) == "spam"


def test_word_list_matches_whole_words_and_phrases_only():
    words = WordList.parse("ass\nfake news")
    assert words.find("a classic assessment") is None
    assert words.find("that is FAKE   news!") == "fake news"
    assert words.find("fake, but news") is None
