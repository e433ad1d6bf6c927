from masthead.contributions.text import count_words, paragraphs, too_short_message


def test_words_are_runs_with_a_letter_or_digit():
    assert count_words("One two — three... 4 well-known  \n\n five") == 6


def test_the_reason_for_a_short_story_is_exact():
    assert too_short_message(199) == (
        "Your story has 199 words; contributions must have at least 200."
    )
    assert too_short_message(1) == "Your story has 1 word; contributions must have at least 200."


def test_paragraphs_split_on_blank_lines_and_join_single_breaks():
    assert paragraphs("a\nb\n\n\nc ") == ["a b", "c"]
