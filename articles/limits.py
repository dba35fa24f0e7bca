"""How much Markdown one body may hold, checked before it is rendered; and a time budget for the render.

Python-Markdown is recursive and, for some shapes (unclosed brackets, deep nesting, long
runs of one character), far slower than linear: one pasted body could raise RecursionError
or hold a worker for minutes. `limit_problems(body)` names every limit a body breaks, in
words an editor can act on; `time_budget()` stops whatever slips past them. Pure: no ORM.
"""
import re
import signal
import threading
import time
from contextlib import contextmanager

# Far above any real article (the longest seed article is 6,001 characters, 12 headings).
LIMITS = {
    "characters": 60_000,
    "list_depth": 20,
    "quote_depth": 20,
    "quote_markers": 2_000,
    "callout_depth": 10,
    "star_run": 50,
    "emphasis": 2_000,
    "bracket_depth": 20,
    "unclosed": 50,
    "backslashes": 5_000,
    "links": 1_000,
    "headings": 500,
    "pipes": 5_000,
    "citations": 1_000,
    "block_lines": 500,
}

_LIST_ITEM = re.compile(r"^([ \t]*)(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)", re.MULTILINE)
_CALLOUT = re.compile(r"^([ \t]*)!!!", re.MULTILINE)
_QUOTE_PREFIX = re.compile(r"^[ \t>]*", re.MULTILINE)
_STARS = re.compile(r"\*{2,}|_{2,}")
_LINK = re.compile(r"\]\(|<[a-zA-Z][a-zA-Z0-9+.-]{1,31}:|<[^<>@\s]+@")
_HEADING = re.compile(r"^[ ]{0,3}#", re.MULTILINE)
_CITATION = re.compile(r"@[A-Za-z0-9_]")
_BLANK_LINE = re.compile(r"\n[ \t]*(?:\n|$)")


class RenderTimeout(Exception):
    """The render ran past its time budget."""


def _indent_depth(indent: str) -> int:
    return len(indent.expandtabs(4)) // 4 + 1


def _deepest(pattern, body) -> int:
    return max((_indent_depth(m.group(1)) for m in pattern.finditer(body)), default=0)


def _brackets(block, opening, closing):
    """(deepest nesting, openings never closed) of one pair of brackets in a block of text."""
    depth = deepest = 0
    for char in re.findall(re.escape(opening) + "|" + re.escape(closing), block):
        if char == opening:
            depth += 1
            deepest = max(deepest, depth)
        elif depth:
            depth -= 1
    return deepest, depth


def _n(number) -> str:
    return f"{number:,}"


def limit_problems(body: str) -> list:
    """One message per limit `body` breaks, like "The body nests lists 300 deep; the most is 20."."""
    body = body or ""
    found = []
    length = len(body)
    # A body over the size limit is refused anyway; look at a bounded part of it for the rest.
    body = body[: 4 * LIMITS["characters"]]

    def over(value, limit, message):
        if value > LIMITS[limit]:
            found.append(message.format(n=_n(value), most=_n(LIMITS[limit])))

    over(length, "characters", "The body is {n} characters long; the most is {most}. Split it into two articles.")
    over(_deepest(_LIST_ITEM, body), "list_depth", "The body nests lists {n} deep; the most is {most}.")
    quotes = [m.group(0).count(">") for m in _QUOTE_PREFIX.finditer(body)]
    over(max(quotes, default=0), "quote_depth", "The body nests quotes (lines starting with >) {n} deep; the most is {most}.")
    over(sum(quotes), "quote_markers", "The body has {n} quote marks (>) at the starts of lines; the most is {most}.")
    over(_deepest(_CALLOUT, body), "callout_depth", "The body nests notes and warnings (!!!) {n} deep; the most is {most}.")
    over(max((len(m.group(0)) for m in _STARS.finditer(body)), default=0), "star_run",
         "The body has {n} asterisks (*) or underscores (_) in a row; the most is {most}.")
    over(body.count("*") + body.count("_"), "emphasis", "The body has {n} asterisks (*) and underscores (_); the most is {most}.")
    blocks = _BLANK_LINE.split(body)
    for opening, closing, name in [("[", "]", "square brackets ["), ("(", ")", "round brackets (")]:
        counts = [_brackets(block, opening, closing) for block in blocks]
        over(max(deepest for deepest, _ in counts), "bracket_depth", f"The body nests {name} {{n}} deep; the most is {{most}}.")
        over(sum(unclosed for _, unclosed in counts), "unclosed", f"The body has {{n}} {name} that are never closed; the most is {{most}}.")
    over(body.count("\\"), "backslashes", "The body has {n} backslashes (\\); the most is {most}.")
    over(len(_LINK.findall(body)), "links", "The body has {n} links; the most is {most}.")
    over(len(_HEADING.findall(body)), "headings", "The body has {n} headings; the most is {most}.")
    over(body.count("|"), "pipes", "The body has {n} table borders (|); the most is {most}.")
    over(len(_CITATION.findall(body)), "citations", "The body has {n} citations; the most is {most}.")
    over(max((block.count("\n") + 1 for block in blocks), default=0), "block_lines",
         "The body has {n} lines with no blank line between them; the most is {most}. Add blank lines between paragraphs.")
    return found


@contextmanager
def time_budget(seconds):
    """Raise RenderTimeout in the block after `seconds` (wall clock).

    Only in the main thread, where gunicorn's sync workers serve requests: SIGALRM cannot be
    set from another thread, so there (the development server) the limits alone apply.
    """
    if not seconds or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def stop(signum, frame):
        raise RenderTimeout

    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    # The alarm's exception can be swallowed by an `except Exception` inside a library (the full
    # suite saw a 0.001 s budget never stop a render): the clock decides as well.
    if time.monotonic() - started > seconds:
        raise RenderTimeout
