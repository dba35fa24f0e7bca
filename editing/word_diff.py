"""Word-by-word differences between two texts, found by diff-match-patch (Google's, as a pinned library).

diff-match-patch compares characters; handing it one character per word (its own "line mode"
trick, applied to words) makes it compare whole words, so an editor sees the two words that
changed instead of a paragraph struck and re-added.
"""
import re

from diff_match_patch import diff_match_patch

# Words (with their apostrophes and hyphens), runs of spaces, and single marks, each a token.
TOKENS = re.compile(r"[\w’'-]+|\s+|[^\w\s]")
SAME, ADDED, REMOVED = "same", "added", "removed"
_KIND = {0: SAME, 1: ADDED, -1: REMOVED}


def _encode(text: str, vocabulary: dict, words: list) -> str:
    encoded = []
    for token in TOKENS.findall(text):
        if token not in vocabulary:
            vocabulary[token] = len(words)
            words.append(token)
        encoded.append(chr(vocabulary[token]))
    return "".join(encoded)


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """[(kind, text)] in reading order, kind "same", "added" or "removed"; runs of one kind are joined."""
    vocabulary, words = {}, []
    # One character per distinct token; past the surrogate range (55,296 distinct words) that
    # no longer works, so such texts are compared letter by letter instead.
    a, b = _encode(old or "", vocabulary, words), _encode(new or "", vocabulary, words)
    if len(words) >= 0xD800:
        a, b = old or "", new or ""
        words = None
    engine = diff_match_patch()
    engine.Diff_Timeout = 2.0
    diffs = engine.diff_main(a, b, False)
    engine.diff_cleanupSemantic(diffs)
    pieces = []
    for op, chars in diffs:
        text = chars if words is None else "".join(words[ord(char)] for char in chars)
        if pieces and pieces[-1][0] == _KIND[op]:
            pieces[-1] = (pieces[-1][0], pieces[-1][1] + text)
        else:
            pieces.append((_KIND[op], text))
    return pieces

SKIPPED = "skipped"


def _unchanged_words(text: str) -> str:
    count = len(text.split())
    return f"… {count:,} unchanged word{'s' if count != 1 else ''} …"


def condensed(pieces: list[tuple[str, str]], context: int = 240) -> list[tuple[str, str]]:
    """The pieces with long unchanged stretches cut to `context` characters either side of a change.

    A cut stretch becomes ("skipped", "… 1,234 unchanged words …"), so a one-word edit in a long
    article shows that word in its sentence, not the whole article.
    """
    if all(kind == SAME for kind, _ in pieces):
        return pieces
    out = []
    for index, (kind, text) in enumerate(pieces):
        first, last = index == 0, index == len(pieces) - 1
        keep_head = 0 if first else context
        keep_tail = 0 if last else context
        if kind != SAME or len(text) <= keep_head + keep_tail + 40:
            out.append((kind, text))
            continue
        head, middle, tail = text[:keep_head], text[keep_head:len(text) - keep_tail], text[len(text) - keep_tail:]
        # Cut at spaces, so no word is split.
        if head and " " in middle:
            cut = middle.index(" ")
            head, middle = head + middle[:cut], middle[cut:]
        if tail and " " in middle:
            cut = middle.rindex(" ") + 1
            middle, tail = middle[:cut], middle[cut:] + tail
        out.extend(piece for piece in [(SAME, head), (SKIPPED, _unchanged_words(middle)), (SAME, tail)] if piece[1])
    return out
