"""Search everything public: the patient's words planned by the vocabulary, matched by the database's
own full-text engine (search/backends.py), and grouped by page, best first.

Matches are returned as text segments (a segment is a match or not), so every character is escaped
and matches are marked without ever trusting HTML (Hit.snippet_html).
"""
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe

from . import backends, indexing, scoring, vocabulary
from .models import Kind, Voice

MAX_QUERY_CHARS = 200
MAX_WORDS = 8  # words that say something (stop words are not counted)
MAX_PAGES = 20
HITS_PER_PAGE = 3
ENOUGH_PAGES = 3  # fewer pages than this holding every word: add the pages holding some of them
SNIPPET_CHARS = 240
START, STOP = backends.START, backends.STOP


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
class Hit:
    """One passage of a page: where it lands, whose words these are, and the marked snippet."""

    heading: str
    url: str
    voice: str
    voice_label: str
    snippet: list  # of Segment
    rank: float
    passage_id: int = 0
    article_id: int | None = None
    anchor: str = ""  # the article passage it stands for (a claim's anchor), for the editors' notes on it
    notes: list = field(default_factory=list)  # those notes (search.notes)

    @property
    def snippet_html(self):
        """The snippet with every character escaped and each match in <mark> (a template loop over 60 snippets cost more than the search)."""
        return mark_safe("".join(
            f"<mark>{escape(segment.text)}</mark>" if segment.match else escape(segment.text) for segment in self.snippet
        ))


@dataclass
class Result:
    """One page (or glossary entry, reference, question) with its best passages."""

    kind: str
    kind_label: str
    title: str
    url: str
    rank: float
    hits: list = field(default_factory=list)

    @property
    def heading(self):
        return self.hits[0].heading if self.hits else ""

    @property
    def snippet(self):
        return self.hits[0].snippet if self.hits else []

    @property
    def best_url(self):
        return self.hits[0].url if self.hits else self.url


@dataclass
class Answer:
    """What a search found: the results, the corrected query to suggest, and whether every word matched."""

    results: list
    suggestion: str | None = None
    partial: bool = False
    candidates: list = field(default_factory=list)  # every passage the engine found, as _Row.label, in the shared order


def clean_query(raw) -> Query:
    """Drop control characters and extra spaces, cut very long input, and pick out the words."""
    text = "".join(
        ch if not unicodedata.category(ch).startswith("C") else " " for ch in str(raw or "")
    )
    text = unicodedata.normalize("NFKC", " ".join(text.split()))
    shortened = len(text) > MAX_QUERY_CHARS
    text = text[:MAX_QUERY_CHARS].strip()
    words, counted = [], 0
    for word in dict.fromkeys(word.casefold() for word in re.findall(r"\w+", text) if len(word) <= 60):
        # Stop words stay for the thesaurus's phrases ("how much should I take") but do not count.
        counted += word not in vocabulary.STOP_WORDS
        if counted > MAX_WORDS:
            break
        words.append(word)
    return Query(text=text, words=words, shortened=shortened)


def _page_key(passage):
    return passage.page_url


def find(query: Query) -> Answer:
    """Results for a cleaned query: the questions asked in these words first, then pages best first."""
    plan = vocabulary.plan(query.words)
    if not plan.groups:
        return Answer(results=[], suggestion=plan.suggestion)
    # Tiers, each below the one before: the words as typed (or corrected) all found; with the
    # patient words' and glossary's other words; then pages holding only some of the words.
    literal = [vocabulary.Group(g.typed, g.alternatives[:1] + [a for a in g.alternatives[1:] if vocabulary.same_word(a, g.typed)]) for g in plan.groups]
    tiers = [(literal, True)] if any(len(g.alternatives) > 1 for g in plan.groups) else []
    tiers += [(plan.groups, True)] + ([(plan.groups, False)] if len(plan.groups) > 1 else [])
    # The engine finds each tier's candidates; the shared scorer orders them (search/scoring.py), so
    # the same candidates are in the same order on either engine.
    ranked, passages, every_word = [], {}, set()
    for groups, every in tiers:
        found = backends.match(groups, every=every)
        rows = {pk: _Row(**dict(zip(backends.FIELDS, fields))) for pk, _, fields in found if pk not in passages}
        # Only the candidates the scorer reads as holding the words: PostgreSQL drops stop words
        # from a phrase ("off label" finds any "label"), and the two stemmers differ now and then.
        more = scoring.order([row.candidate(pk) for pk, row in rows.items()], groups, every=every)
        if more:
            rows = {pk: rows[pk] for pk, _ in more}
            floor = min((rank for _, rank in ranked), default=0)
            top = max(rank for _, rank in more)
            ranked += [(pk, rank - top + floor - 1) if ranked else (pk, rank) for pk, rank in more]
            passages.update(rows)
            if every:
                every_word.update(rows)
        if len({p.page_url for p in passages.values()}) >= ENOUGH_PAGES:
            break
    partial = bool(ranked) and not every_word
    typed = vocabulary.content_words(" ".join(group.typed for group in plan.groups))
    asked = {p.page_url for pk, p in passages.items() if pk in every_word and p.asked_by(typed)}
    return Answer(
        results=_group(ranked, passages, plan.groups, asked), suggestion=plan.suggestion, partial=partial,
        candidates=[passages[pk].label for pk, _ in ranked],
    )


@dataclass
class _Row:
    """A passage as backends.match gives it (its FIELDS): plain values, not a model instance (hundreds per search)."""

    kind: str
    voice: str
    title: str
    heading: str
    url: str
    article_id: int | None
    claim_anchor: str | None
    claim_id: int | None
    position: int
    keywords: str
    text: str

    @property
    def phrasings(self):
        """A common question's ways of asking it (its first passage's text, indexing.index_question)."""
        return self.text if self.kind == Kind.QUESTION and self.position == 0 else ""

    @property
    def label(self):
        """The passage as the same words on every database (row ids may differ)."""
        return f"{self.url} {self.voice or '-'} {self.position}"

    def candidate(self, pk):
        return scoring.Candidate(
            key=pk, keywords=self.keywords, heading=self.heading, text=self.text,
            tie=(self.url, self.position, self.voice, self.kind, self.text, pk),
        )

    @property
    def page_url(self):
        return self.url.split("#")[0]

    @property
    def echo(self):
        """A part of a common question's answer quoting a claim that the side-by-side page shows too."""
        return self.kind == Kind.QUESTION and (self.claim_id is not None or self.position == 0)

    def asked_by(self, typed):
        """Whether this passage holds a common question's ways of asking it (indexing.index_question) and
        the patient typed one of them: all its words that say something, and they are most of the patient's."""
        if self.kind != Kind.QUESTION or self.position != 0:
            return False
        ways = [vocabulary.content_words(way) for way in [self.keywords, *self.phrasings.split(indexing.PHRASING_SEPARATOR)]]
        # "can I take LDN with oxycodone" asks "LDN and oxycodone"; "LDN dose" does not ask "what is LDN".
        return any(way and way <= typed and 2 * len(way) > len(typed) for way in ways)


def _anchor(passage):
    if passage.claim_anchor:
        return passage.claim_anchor
    if passage.kind == Kind.ARTICLE and passage.voice == Voice.AUTHOR:  # a note itself carries no note
        return passage.url.partition("#")[2]
    return ""


def _group(ranked, passages, groups, asked):
    """One result per page, best first, each with its best passages marked.

    A question the patient asked in its own words or a phrasing patients use (`asked`, page addresses)
    comes before everything; one whose answer merely holds the words ranks like any other page, except
    that the parts quoting a claim (found on the side-by-side page too) never lift it above another page.
    """
    pages, echoes = {}, set()
    ranked = [item for item in ranked if item[0] in passages]
    # Pages are taken until there are MAX_PAGES: a question asked in its own words first, so that
    # pages holding only some of the words never crowd it out; echoes last.
    for pk, rank in sorted(ranked, key=lambda item: (_page_key(passages[item[0]]) not in asked, passages[item[0]].echo)):
        passage = passages[pk]
        key = _page_key(passage)
        page = pages.get(key)
        if page is None:
            if len(pages) >= MAX_PAGES:
                continue
            if passage.echo:
                echoes.add(key)
            page = pages[key] = Result(
                kind=passage.kind, kind_label=Kind(passage.kind).label, title=passage.title, url=key, rank=float(rank),
            )
        if len(page.hits) < HITS_PER_PAGE:
            page.hits.append(Hit(
                heading=passage.heading, url=passage.url, voice=passage.voice,
                voice_label=Voice(passage.voice).label, snippet=[], rank=float(rank), passage_id=pk,
                article_id=passage.article_id, anchor=_anchor(passage),
            ))
    results = sorted(pages.values(), key=lambda r: (r.url not in asked, r.url in echoes, -r.rank, r.kind, r.title, r.url))
    shown = [hit.passage_id for result in results for hit in result.hits]
    if backends.marks_matches():
        marked = backends.marked_texts(shown, groups)
        for result in results:
            for hit in result.hits:
                text, marks = passages[hit.passage_id].text, marked.get(hit.passage_id, "")
                forms = re.findall(f"{START}(.*?){STOP}", marks, re.S)
                hit.snippet = highlight(text, list(dict.fromkeys(f for f in forms if f.strip())))
    else:
        # The words the scorer counted, read from the text it already has: FTS5's highlight() ran the
        # MATCH again over the whole index (6 of 14 ms of CPU per search at 50x the content).
        stems = scoring.stems_of(groups)
        for result in results:
            for hit in result.hits:
                text = passages[hit.passage_id].text
                hit.snippet = highlight(text, scoring.words_with_stems(text, stems))
    return results


def search(query: Query) -> list:
    """Just the results (see find)."""
    return find(query).results


def highlight(text, words, width=SNIPPET_CHARS):
    """The part of `text` around the first match, as segments with every match marked."""
    if not words:
        return [Segment(text[:width] + (" …" if len(text) > width else ""), False)]
    pattern = re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)) + r")(?!\w)",
        re.IGNORECASE,
    )
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
