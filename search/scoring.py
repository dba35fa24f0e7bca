"""One ordering for both engines: the candidates an engine finds are scored here, in Python, from their
stored keywords, heading and text, so the same candidates come out in the same order on SQLite and
PostgreSQL.

The engines stay in charge of finding (FTS5 MATCH, tsvector @@ tsquery, trigrams for typos); their own
ranks (BM25 with IDF on SQLite, ts_rank without it on PostgreSQL) disagreed on 36 of 80 benchmark
queries. Words are cut into stems with the Snowball English stemmer, the one behind PostgreSQL's
'english' configuration, so a passage PostgreSQL finds is one this scorer sees the word in.

The score is BM25F: for each alternative of each group (a phrase counts where its words stand together),
its count in each field, weighted like the engines' columns and normalised by the field's length against
the average; an alternative weighs more the fewer passages hold it. The averages and how many passages
hold a word come from every visible passage, read once per content generation.
"""
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

import snowballstemmer

from pagecache import generation

from .vocabulary import STOP_WORDS

# keywords (page title, other spellings, the ways patients ask), heading, text; K1 and B as BM25's.
# Chosen on benchmarks/search_quality.py: 79 of 83 in the top 3 on both engines; the engines' own
# 5 : 2.5 : 1 (or B 0.75) gave 78, "ldn dose" putting a note headed "Problems with Low Dose
# Naltrexone" above the article's LDN dose passage.
FIELD_WEIGHTS = (5.0, 2.0, 1.0)
K1 = 1.2
B = 0.5

_stemmer = snowballstemmer.stemmer("english")


_stems = {}  # word as found -> its stem (a stop word: itself after a space); the site's words are a few thousand
STOP = " "  # what starts a stop word's token: no stem does


def _stem(word):
    """A word's stem; a stop word as itself, marked, so that it is never weighed yet a phrase holding it matches only it."""
    found = _stems.get(word, False)
    if found is False:
        plain = word
        if not word.isascii():  # unicode61's remove_diacritics on SQLite
            plain = "".join(ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch))
        found = STOP + plain if plain in STOP_WORDS else _stemmer.stemWord(plain)
        if len(_stems) < 100_000:
            _stems[word] = found
    return found


_WORD = re.compile(r"\w+")


def analyse(text):
    """The stems of `text` in order (see _stem)."""
    # Called for every field of every candidate (100 passages, thousands of words): a dict, not a function, per word.
    stems = _stems
    return [stems[word] if word in stems else _stem(word) for word in _WORD.findall(text.casefold())]


@dataclass(frozen=True)
class Candidate:
    """What the scorer reads of a passage: its fields, and what orders equal scores (never the engine's row id)."""

    key: object  # the caller's id for it
    keywords: str
    heading: str
    text: str
    tie: tuple  # (url, position, ...): the same on every database


def _count(stems, alternative):
    """How often an alternative (a tuple of stems) stands in `stems`, its words side by side."""
    if len(alternative) == 1:
        return stems.count(alternative[0])
    size, first = len(alternative), alternative[0]
    return sum(
        1 for start in range(len(stems) - size + 1)
        if stems[start] == first and tuple(stems[start : start + size]) == alternative
    )


def stems_of(groups):
    """Every stem the groups look for (stop words never count)."""
    return {s for alternatives in query_terms(groups) for alternative in alternatives for s in alternative if not s.startswith(STOP)}


def words_with_stems(text, stems):
    """The words of `text` as written whose stem is one of `stems`, first seen first (for marking them)."""
    return [word for word in dict.fromkeys(_WORD.findall(text)) if _stem(word.casefold()) in stems]


def query_terms(groups):
    """Each group's alternatives as tuples of stems, without repeats (nor any of stop words only)."""
    terms = []
    for group in groups:
        alternatives = []
        for words in group.alternatives:
            stems = tuple(_stem(part) for word in words for part in _WORD.findall(word.casefold()))
            if any(not s.startswith(STOP) for s in stems) and stems not in alternatives:
                alternatives.append(stems)
        terms.append(alternatives)
    return terms


@dataclass
class Corpus:
    """What BM25 needs to know of every passage the public may find: how many, how many hold each stem, average field lengths."""

    size: int
    holding: dict
    average: tuple

    @classmethod
    def of(cls, rows):
        """From (keywords, heading, text) rows."""
        holding, lengths, size = Counter(), [0] * len(FIELD_WEIGHTS), 0
        for fields in rows:
            size += 1
            seen = set()
            for index, text in enumerate(fields):
                stems = analyse(text)
                lengths[index] += len(stems)
                seen.update(stems)
            holding.update(seen)
        return cls(size, holding, tuple(max(1.0, length / max(size, 1)) for length in lengths))

    def weight(self, alternative):
        """BM25's inverse document frequency; a phrase is taken to be as rare as its rarest word (an upper bound)."""
        holding = min(self.holding.get(s, 0) for s in alternative if not s.startswith(STOP))
        return math.log(1 + (self.size - holding + 0.5) / (holding + 0.5))


@generation.remembered
def corpus():
    """The statistics of the visible passages, read once per content generation (as the thesaurus is):
    the same stored text gives the same figures on either engine."""
    from .models import Passage

    return Corpus.of(Passage.objects.visible().order_by().values_list("keywords", "heading", "text").iterator())


def scores(candidates, groups, stats=None):
    """{candidate key: (score, how many of the groups it holds)}; the same candidates and groups give the same anywhere."""
    terms = query_terms(groups)
    if not candidates:
        return {}
    stats = stats or corpus()
    # Each alternative counts on its own, as a phrase does in BM25: "opioid medicines" weighs more than "opioid".
    weights = [[stats.weight(alternative) for alternative in alternatives] for alternatives in terms]
    result = {}
    for candidate in candidates:
        fields = [analyse(text) for text in (candidate.keywords, candidate.heading, candidate.text)]
        # Each field's weight over its length against the average, once per candidate (a word: 100 candidates x 8 alternatives).
        norms = [weight / (1 - B + B * len(field) / average) for field, weight, average in zip(fields, FIELD_WEIGHTS, stats.average)]
        fields = [(field, norm) for field, norm in zip(fields, norms) if field]
        score, held = 0.0, 0
        for alternatives, idfs in zip(terms, weights):
            holds = False
            for alternative, idf in zip(alternatives, idfs):
                count = sum(norm * _count(field, alternative) for field, norm in fields)
                if count:
                    holds = True
                    score += idf * count / (K1 + count)
            held += holds
        result[candidate.key] = (score, held)
    return result


def order(candidates, groups, stats=None, every=None):
    """[(key, score)] best first, equal scores in the candidates' `tie` order; with `every` (True or
    False) only the candidates holding every group (or any), as read here: an engine's stemmer or
    stop words may have found more."""
    scored = scores(candidates, groups, stats)
    searchable = sum(1 for alternatives in query_terms(groups) if alternatives)
    wanted = searchable if every else (min(1, searchable) if every is not None else 0)
    kept = [candidate for candidate in candidates if scored[candidate.key][1] >= wanted]
    ranked = sorted(kept, key=lambda candidate: (-round(scored[candidate.key][0], 9), candidate.tie))
    return [(candidate.key, scored[candidate.key][0]) for candidate in ranked]
