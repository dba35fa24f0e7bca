"""From the words a patient typed to what the engines look for: stop words out, patient words and
glossary spellings expanded, unknown words matched to the closest word the site uses.

A search is a list of groups; a passage matches a group when it holds any of the group's
alternatives (a word or a phrase). Both engines get the same groups, so they look for the same thing.
"""
import difflib
import functools
import re
from dataclasses import dataclass, field

from pagecache import generation

from . import backends
from .models import PatientTerm, Word

# PostgreSQL's English stop words (Snowball's list, tsearch_data/english.stop): its parser drops them,
# so we drop them for SQLite too and both engines look for the same words.
STOP_WORDS = frozenset("""
i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers
herself it its itself they them their theirs themselves what which who whom this that these those am is are
was were be been being have has had having do does did doing a an the and but if or because as until while
of at by for with about against between into through during before after above below to from up down in out
on off over under again further then once here there when where why how all any both each few more most other
some such no nor not only own same so than too very s t can will just don should now
""".split())
MIN_SUGGEST_LENGTH = 4
SUGGEST_CUTOFF = 0.75
MAX_ALTERNATIVES = 8


@dataclass
class Group:
    """What one word or phrase of the query stands for: any of `alternatives` (tuples of words)."""

    typed: str
    alternatives: list = field(default_factory=list)


@dataclass
class Plan:
    """The groups to look for and the query with its misspellings corrected (None when none were)."""

    groups: list
    suggestion: str | None = None


def _singular(word):
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _words(text):
    return [word.casefold() for word in re.findall(r"\w+", text)]


def same_word(alternative, typed):
    """Whether a thesaurus alternative is another form of the word typed ("safety" for "safe", "doses" for "dose")."""
    return len(alternative) == 1 and len(typed) >= 4 and " " not in typed and alternative[0].startswith(typed)


@functools.lru_cache(maxsize=4096)
def content_words(text):
    """The words of `text` that say something (stop words out), each in its singular form."""
    return frozenset(_singular(word) for word in _words(text) if word not in STOP_WORDS)


@generation.remembered
def thesaurus():
    """[(phrase words, [alternatives])], longest first: the patient words, then each glossary term's spellings for each other.

    Read once per content generation (pagecache.generation): a glossary edit starts a new one, and so
    does a patient word saved or deleted (search/signals.py), in every process.
    """
    from glossary.models import Term

    entries = [
        (tuple(_words(phrase)), [tuple(_words(m)) for m in means.splitlines() if m.strip()])
        for phrase, means in PatientTerm.objects.values_list("phrase", "means")
    ]
    for name, synonyms in Term.objects.values_list("name", "synonyms"):
        spellings = [tuple(_words(s)) for s in [name, *synonyms.splitlines()] if s.strip()]
        entries += [(spelling, [other for other in spellings if other != spelling]) for spelling in spellings]
    # Longest phrases first: "how much should I take" before "take".
    return sorted(((phrase, means) for phrase, means in entries if phrase), key=lambda entry: -len(entry[0]))


@generation.remembered
def site_words():
    """Every word the search looks through, as written (search.models.Word), read once per content generation."""
    return frozenset(Word.objects.values_list("word", flat=True))


def correct(words, known):
    """{word: closest known word} for every word that is not known, long enough and close to one."""
    unknown = [w for w in words if w not in known and len(w) >= MIN_SUGGEST_LENGTH and not w.isdigit() and w not in STOP_WORDS]
    # A form the site does not use as written may still be found through stemming ("dreaming").
    found = backends.found_words(unknown)
    unknown = [w for w in unknown if w not in found]
    corrections = {}
    for word, candidates in backends.similar_words(unknown).items():
        best = difflib.get_close_matches(word, sorted(set(candidates)), n=1, cutoff=SUGGEST_CUTOFF)
        if best:
            corrections[word] = best[0]
    return corrections


def _known(words):
    known = site_words()
    return {word for word in words if not known.isdisjoint((word, _singular(word), word + "s"))}


def plan(words) -> Plan:
    """The groups for a query's words (in order, without repeats); phrases are matched before single words."""
    if not words:
        return Plan(groups=[])
    corrections = correct(words, _known(words))
    corrected = [corrections.get(word, word) for word in words]
    suggestion = " ".join(corrected) if corrections else None
    typed = dict(zip(corrected, words))

    remaining = list(corrected)
    groups = []
    for phrase, means in thesaurus():
        wanted = [_singular(w) for w in phrase]
        have = [_singular(w) for w in remaining]
        if not all(have.count(w) >= wanted.count(w) for w in wanted):
            continue
        for w in wanted:
            index = have.index(w)
            del remaining[index], have[index]
        if not any(phrase in group.alternatives for group in groups):
            alternatives = [phrase] + [m for m in means if m != phrase]
            groups.append(Group(typed=" ".join(phrase), alternatives=alternatives[:MAX_ALTERNATIVES]))
    for word in remaining:
        if word not in STOP_WORDS:
            alternatives = list(dict.fromkeys([(word,), (typed.get(word, word),)]))
            groups.append(Group(typed=word, alternatives=alternatives))
    # Only stop words ("how", "what is it") leave nothing to look for: PostgreSQL would drop them all.
    return Plan(groups=groups, suggestion=suggestion)
