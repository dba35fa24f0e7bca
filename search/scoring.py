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


_stems = {}  # word as found -> its stem or None; the site's words are a few thousand


def _stem(word):
    """A word's stem, or None for a stop word (PostgreSQL drops them; so does this scorer)."""
    found = _stems.get(word, False)
    if found is False:
        plain = word
        if not word.isascii():  # unicode61's remove_diacritics on SQLite
            plain = "".join(ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch))
        found = None if plain in STOP_WORDS else _stemmer.stemWord(plain)
        if len(_stems) < 100_000:
            _stems[word] = found
    return found


_WORD = re.compile(r"\w+")


def analyse(text):
    """The stems of `text` in order, a stop word kept as None so that phrases keep their gaps."""
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
    """How often an alternative (a tuple of stems and None) stands in `stems`, its words side by side."""
    first = next((i for i, s in enumerate(alternative) if s is not None), None)
    if first is None:
        return 0
    if len(alternative) == 1:
        return stems.count(alternative[0])
    size = len(alternative)
    found = 0
    for start in range(len(stems) - size + 1):
        if stems[start + first] == alternative[first] and all(
            want is None or stems[start + i] == want for i, want in enumerate(alternative)
        ):
            found += 1
    return found


def query_terms(groups):
    """Each group's alternatives as tuples of stems (stop words None), without repeats."""
    terms = []
    for group in groups:
        alternatives = []
        for words in group.alternatives:
            stems = tuple(_stem(part) for word in words for part in _WORD.findall(word.casefold()))
            if any(s is not None for s in stems) and stems not in alternatives:
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
            seen.discard(None)
            holding.update(seen)
        return cls(size, holding, tuple(max(1.0, length / max(size, 1)) for length in lengths))

    def weight(self, alternative):
        """BM25's inverse document frequency; a phrase is taken to be as rare as its rarest word (an upper bound)."""
        holding = min(self.holding.get(s, 0) for s in alternative if s is not None)
        return math.log(1 + (self.size - holding + 0.5) / (holding + 0.5))


_corpus = {}  # this process's statistics, under the content generation they were read in


def corpus():
    """The statistics of the visible passages, read once per content generation (as the thesaurus is):
    the same stored text gives the same figures on either engine."""
    token = generation.current()
    stats = _corpus.get(token)
    if stats is None:
        from .models import Passage

        stats = Corpus.of(Passage.objects.visible().order_by().values_list("keywords", "heading", "text").iterator())
        _corpus.clear()
        _corpus[token] = stats
    return stats


def scores(candidates, groups, stats=None):
    """{candidate key: score}, higher is better; the same candidates and groups give the same scores anywhere."""
    terms = [alternatives for alternatives in query_terms(groups) if alternatives]
    if not candidates or not terms:
        return {candidate.key: 0.0 for candidate in candidates}
    stats = stats or corpus()
    # Each alternative counts on its own, as a phrase does in BM25: "opioid medicines" weighs more than "opioid".
    alternatives = [alternative for group in terms for alternative in group]
    weights = [stats.weight(alternative) for alternative in alternatives]
    result = {}
    for candidate in candidates:
        fields = (analyse(candidate.keywords), analyse(candidate.heading), analyse(candidate.text))
        score = 0.0
        for alternative, idf in zip(alternatives, weights):
            count = sum(
                weight * _count(field, alternative) / (1 - B + B * len(field) / average)
                for field, weight, average in zip(fields, FIELD_WEIGHTS, stats.average)
            )
            score += idf * count / (K1 + count)
        result[candidate.key] = score
    return result


def order(candidates, groups, stats=None):
    """[(key, score)] best first; equal scores in the candidates' `tie` order."""
    scored = scores(candidates, groups, stats)
    ranked = sorted(candidates, key=lambda candidate: (-round(scored[candidate.key], 9), candidate.tie))
    return [(candidate.key, scored[candidate.key]) for candidate in ranked]
