"""Word-level compare: an editor sees the words that changed, not whole paragraphs."""
from editing.word_diff import ADDED, REMOVED, SAME, word_diff


def test_one_changed_word_in_a_long_paragraph_is_all_that_is_marked():
    old = "LDN is usually started at a low dose and increased slowly over several weeks."
    new = "LDN is usually started at a very low dose and increased slowly over several weeks."
    assert word_diff(old, new) == [(SAME, "LDN is usually started at a "), (ADDED, "very "), (SAME, "low dose and increased slowly over several weeks.")]


def test_a_replaced_word_shows_what_went_and_what_came():
    pieces = word_diff("Take it at night.", "Take it in the morning.")
    assert (REMOVED, "at night") in pieces and (ADDED, "in the morning") in pieces
    assert pieces[0] == (SAME, "Take it ")


def test_whole_words_never_split_into_letters():
    pieces = word_diff("fibromyalgia", "fibromyalgic")
    assert pieces == [(REMOVED, "fibromyalgia"), (ADDED, "fibromyalgic")]


def test_identical_and_empty_texts():
    assert word_diff("Same words.", "Same words.") == [(SAME, "Same words.")]
    assert word_diff("", "New text") == [(ADDED, "New text")]
    assert word_diff("Old text", "") == [(REMOVED, "Old text")]
    assert word_diff("", "") == []


def test_putting_the_pieces_back_together_gives_both_texts():
    old = "## Dose\n\nMost people take 4.5 mg.[@younger2013]\n\nSome take less."
    new = "## Doses\n\nMost people take 4.5 mg at night.[@younger2013]\n\nSome take more, some less."
    pieces = word_diff(old, new)
    assert "".join(text for kind, text in pieces if kind != ADDED) == old
    assert "".join(text for kind, text in pieces if kind != REMOVED) == new


def test_a_long_article_shows_the_change_in_its_sentence_not_the_whole_text():
    from editing.word_diff import SKIPPED, condensed

    before = " ".join(f"word{n}" for n in range(500))
    pieces = condensed(word_diff(before + " The dose is low.", before + " The dose is very low."))
    skipped = [text for kind, text in pieces if kind == SKIPPED]
    assert len(skipped) == 1 and skipped[0].startswith("… ") and "unchanged words …" in skipped[0]
    assert (ADDED, "very ") in pieces
    shown = "".join(text for kind, text in pieces if kind == SAME)
    assert shown.endswith("word499 The dose is low.") and len(shown) < 400


def test_short_texts_are_not_condensed():
    from editing.word_diff import condensed

    pieces = word_diff("Take it at night.", "Take it in the morning.")
    assert condensed(pieces) == pieces
