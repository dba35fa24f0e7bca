"""Search the stored passages: PostgreSQL full-text search when the database is PostgreSQL, else a portable scan.

Either way the answer is the same shape: one result per page or entry, best first, each
with its best passage as text segments (a segment is a match or not), so templates
escape every character and mark matches without ever trusting HTML.
"""
import re
import unicodedata
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from django.db import connection
from django.db.models import Q

from .models import Kind, Passage

MAX_QUERY_CHARS = 200
MAX_WORDS = 8
MAX_RESULTS = 20
SNIPPET_CHARS = 240
# PostgreSQL marks matches with these; they cannot occur in stored text, which is printable.
START, STOP = "\x02", "\x03"
WEIGHTS = {"title": 5, "heading": 3, "text": 1}


@dataclass
class Query:
    """A cleaned search: printable text, at most MAX_QUERY_CHARS, and its words."""

    text: str
    words: list
    shortened: bool

    @property
    def is_empty(self):
        return not self.words


@dataclass
class Segment:
    text: str
    match: bool


@dataclass
class Result:
    kind: str
    kind_label: str
    title: str
    heading: str
    url: str
    snippet: list  # of Segment
    rank: float
    article_id: int | None = None
    notes: list = dataclass_field(default_factory=list)  # the editors' notes on this passage (search.notes)


def clean_query(raw) -> Query:
    """Drop control characters and extra spaces, cut very long input, and pick out the words."""
    text = "".join(
        ch if not unicodedata.category(ch).startswith("C") else " " for ch in str(raw or "")
    )
    text = " ".join(text.split())
    shortened = len(text) > MAX_QUERY_CHARS
    text = text[:MAX_QUERY_CHARS].strip()
    words = list(dict.fromkeys(word.casefold() for word in re.findall(r"\w+", text)))[:MAX_WORDS]
    return Query(text=text, words=words, shortened=shortened)


def search(query: Query) -> list:
    """Results for a cleaned query, best first; [] for an empty one."""
    if query.is_empty:
        return []
    if connection.vendor == "postgresql":
        passages = _postgres(query)
    else:
        passages = _portable(query)
    best = {}
    for passage in passages:  # already best first: keep each page's best passage
        key = (passage.kind, passage.article_id or passage.term_id or passage.reference_id)
        best.setdefault(key, passage)
    return [_result(passage, query) for passage in list(best.values())[:MAX_RESULTS]]


def _portable(query):
    """Every passage holding every word, scored by where and how often the words appear."""
    passages = Passage.objects.visible()
    for word in query.words:
        passages = passages.filter(Q(title__icontains=word) | Q(heading__icontains=word) | Q(text__icontains=word))
    scored = []
    for passage in passages[:1000]:
        passage.rank = sum(
            weight * getattr(passage, field).casefold().count(word)
            for word in query.words
            for field, weight in WEIGHTS.items()
        )
        scored.append(passage)
    scored.sort(key=lambda p: (-p.rank, p.kind, p.title, p.position, p.url))
    return scored


def _postgres(query):
    from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector

    config = "english"
    vector = (
        SearchVector("title", weight="A", config=config)
        + SearchVector("heading", weight="B", config=config)
        + SearchVector("text", weight="C", config=config)
    )
    ts_query = SearchQuery(query.text, search_type="websearch", config=config)
    return list(
        Passage.objects.visible()
        .annotate(document=vector)
        .filter(document=ts_query)
        .annotate(
            rank=SearchRank(vector, ts_query),
            headline=SearchHeadline(
                "text", ts_query, config=config, start_sel=START, stop_sel=STOP, min_words=15, max_words=40
            ),
        )
        # The address breaks ties (two references both called "Naltrexone"), so the order never
        # depends on row ids or on where PostgreSQL happens to keep the rows (after a restore, say).
        .order_by("-rank", "kind", "title", "position", "url")[:1000]
    )


def _result(passage, query):
    words = query.words
    if getattr(passage, "headline", None):
        # PostgreSQL knows which forms matched ("dreams" for "dreaming"), but its headline
        # drops anything shaped like a tag; mark those forms in the stored text instead.
        words = re.findall(f"{START}(.*?){STOP}", passage.headline) or words
    return Result(
        kind=passage.kind,
        kind_label=Kind(passage.kind).label,
        title=passage.title,
        heading=passage.heading,
        url=passage.url,
        snippet=highlight(passage.text, list(dict.fromkeys(words))),
        rank=float(passage.rank),
        article_id=passage.article_id,
    )


def highlight(text, words, width=SNIPPET_CHARS):
    """The part of `text` around the first match, as segments with every match marked."""
    if not words:
        return [Segment(text[:width], False)]
    pattern = re.compile("|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)), re.IGNORECASE)
    first = pattern.search(text)
    start = 0 if first is None else max(0, first.start() - width // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < (first.start() if first else len(text)) else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    window = text[start:end]
    segments = [Segment("… ", False)] if start else []
    position = 0
    for match in pattern.finditer(window):
        if match.start() > position:
            segments.append(Segment(window[position : match.start()], False))
        segments.append(Segment(match.group(0), True))
        position = match.end()
    if position < len(window):
        segments.append(Segment(window[position:], False))
    if end < len(text):
        segments.append(Segment(" …", False))
    return segments
