"""The two engines behind one interface: SQLite FTS5 (BM25, Porter stemming, trigram words) and
PostgreSQL (stored tsvector, websearch_to_tsquery, ts_rank, ts_headline, pg_trgm). They find; the
order is search/scoring.py's, the same on both.

Every function takes the vocabulary's groups, never the patient's raw text, so no query syntax
typed by a patient ever reaches an engine: each word is passed as a quoted term (SQLite) or through
websearch_to_tsquery, which accepts any input (PostgreSQL).
"""
import functools

from django.db import connection

from .fts import CONFIG
from .models import Passage

CANDIDATES = 100
SIMILAR = 30
START, STOP = "\x02", "\x03"  # match marks; stored text is printable, so they cannot occur in it
# bm25 weights, in fts.PASSAGE_COLUMNS order: keywords (page title, other spellings, the ways
# patients ask), heading, text.
SQLITE_WEIGHTS = (5.0, 2.5, 1.0)
SQLITE_RANK = f"bm25({', '.join(map(str, SQLITE_WEIGHTS))})"
# ts_rank weights for D, C (text), B (heading), A (keywords).
POSTGRES_WEIGHTS = [0.1, 0.2, 0.5, 1.0]


def _postgres():
    return connection.vendor == "postgresql"


# What match() gives of each passage found, after its id and rank: all the engine needs to score and
# show it, so it takes one query (a claim's anchor comes from its claim).
FIELDS = ("kind", "voice", "title", "heading", "url", "article_id", "claim_anchor", "claim_id", "position", "keywords", "text")

_visible = {}


def _visible_where():
    """(SQL, params): the condition on a search_passage row that the public may find it (Passage.objects.visible()).

    Built once per database vendor from the ORM's own query, so it stays the model's rule.
    """
    if connection.vendor not in _visible:
        query = Passage.objects.visible().query
        _visible[connection.vendor] = query.where.as_sql(query.get_compiler(connection=connection), connection)
    return _visible[connection.vendor]


@functools.cache
def _fields_sql():
    """(the FIELDS as SELECT columns, the join they need): the passage's own columns and its claim's anchor.

    Worked out once from the models, like _visible_where; the same on either engine."""
    table, claim = Passage._meta.db_table, Passage._meta.get_field("claim")
    claims = claim.related_model._meta.db_table
    columns = [
        f"{claims}.{claim.related_model._meta.get_field('anchor').column}" if name == "claim_anchor"
        else f"{table}.{Passage._meta.get_field(name).column}"
        for name in FIELDS
    ]
    return ", ".join(columns), f"LEFT JOIN {claims} ON {claims}.id = {table}.{claim.column}"


# --- SQLite ---------------------------------------------------------------------------------------

def _fts5_alternative(words):
    return '"' + " ".join(words) + '"'  # words are \w+ runs: they hold no double quote


def fts5_query(groups, every=True):
    """The FTS5 MATCH expression: each group any of its alternatives; all groups (or any)."""
    parts = ["(" + " OR ".join(_fts5_alternative(alt) for alt in group.alternatives) + ")" for group in groups]
    return (" AND " if every else " OR ").join(parts)


def _sqlite_match(groups, every):
    visible, params = _visible_where()
    columns, join = _fields_sql()
    # FTS5 ranks and sorts the matches itself (ORDER BY rank), and each is checked as it comes, best
    # first, until there are enough: CROSS JOIN keeps SQLite from driving the query from the
    # passages and running the MATCH again for each of them (seconds at 50x the content).
    sql = (
        f"SELECT search_passage_fts.rowid, -search_passage_fts.rank, {columns} FROM search_passage_fts "
        f"CROSS JOIN search_passage ON search_passage.id = search_passage_fts.rowid {join} "
        f"WHERE search_passage_fts MATCH %s AND search_passage_fts.rank MATCH %s AND ({visible}) "
        f"ORDER BY search_passage_fts.rank LIMIT {CANDIDATES}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [fts5_query(groups, every), SQLITE_RANK, *params])
        return [(pk, rank, fields) for pk, rank, *fields in cursor.fetchall()]


def _sqlite_similar(words):
    selects, params = [], []
    for index, word in enumerate(words):
        trigrams = list(dict.fromkeys(word[i : i + 3] for i in range(len(word) - 2)))
        selects.append(
            f"SELECT * FROM (SELECT {index}, word FROM search_word_trigrams WHERE search_word_trigrams MATCH %s "
            f"ORDER BY rank LIMIT {SIMILAR})"
        )
        params.append(" OR ".join(f'"{trigram}"' for trigram in trigrams))
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects), params)
        return cursor.fetchall()


# --- PostgreSQL -----------------------------------------------------------------------------------

def postgres_query(groups, every=True):
    """(SQL, params) of the tsquery: websearch_to_tsquery of each alternative (a phrase in quotes), OR
    within a group; all groups (or any). Raw SQL, as on SQLite: building it from the ORM's SearchQuery
    and SearchRank cost more CPU than PostgreSQL spent finding the passages."""
    parts, params = [], []
    for group in groups:
        alternatives = []
        for words in group.alternatives:
            alternatives.append(f"websearch_to_tsquery('{CONFIG}', %s)")
            params.append(words[0] if len(words) == 1 else '"' + " ".join(words) + '"')
        parts.append("(" + " || ".join(alternatives) + ")")
    return (" && " if every else " || ").join(parts), params


def _postgres_match(groups, every):
    visible, visible_params = _visible_where()
    columns, join = _fields_sql()
    query, params = postgres_query(groups, every)
    # websearch_to_tsquery with a fixed configuration is immutable: PostgreSQL works the query out
    # once, when it plans, and checks each passage against the constant (its GIN index for rarer words).
    sql = (
        f"SELECT search_passage.id, ts_rank('{{{','.join(map(str, POSTGRES_WEIGHTS))}}}'::float4[], document, {query}, 0) "
        f"AS rank, {columns} FROM search_passage {join} WHERE document @@ ({query}) AND ({visible}) "
        f"ORDER BY rank DESC, search_passage.id LIMIT {CANDIDATES}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *params, *visible_params])
        return [(pk, rank, fields) for pk, rank, *fields in cursor.fetchall()]


def _postgres_marked(ids, groups):
    query, params = postgres_query(groups, every=False)
    options = f"StartSel={START}, StopSel={STOP}, HighlightAll=true"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, ts_headline('{CONFIG}', text, {query}, %s) FROM search_passage WHERE id = ANY(%s)",
            [*params, options, list(ids)],
        )
        return dict(cursor.fetchall())


def _postgres_similar(words):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT q.i - 1, s.word FROM unnest(%s::text[]) WITH ORDINALITY AS q(w, i) CROSS JOIN LATERAL "
            "(SELECT word FROM search_word WHERE word %% q.w ORDER BY similarity(word, q.w) DESC, word "
            f"LIMIT {SIMILAR}) AS s",
            [list(words)],
        )
        return cursor.fetchall()


# --- one interface --------------------------------------------------------------------------------

def match(groups, every=True):
    """[(passage id, rank, its FIELDS)] best first, at most CANDIDATES, of visible passages matching the groups."""
    if not groups:
        return []
    return (_postgres_match if _postgres() else _sqlite_match)(groups, every)


def marks_matches():
    """Whether the engine marks the matches (ts_headline); on SQLite the scorer's own words are marked
    (engine._group), since FTS5's highlight() has to run the MATCH again."""
    return _postgres()


def marked_texts(ids, groups):
    """PostgreSQL: {passage id: its text with every matching word between START and STOP}, by ts_headline."""
    if not ids or not groups:
        return {}
    return _postgres_marked(list(ids), groups)


def _sqlite_found(words):
    selects = " UNION ALL ".join(
        f"SELECT {index} WHERE EXISTS (SELECT 1 FROM search_passage_fts WHERE search_passage_fts MATCH %s)"
        for index in range(len(words))
    )
    with connection.cursor() as cursor:
        cursor.execute(selects, [_fts5_alternative((word,)) for word in words])
        return {words[row[0]] for row in cursor.fetchall()}


def _postgres_found(words):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT q.w FROM unnest(%s::text[]) AS q(w) WHERE EXISTS (SELECT 1 FROM search_passage "
            f"WHERE document @@ websearch_to_tsquery('{CONFIG}', q.w))",
            [list(words)],
        )
        return {row[0] for row in cursor.fetchall()}


def found_words(words):
    """The words the index finds as they are (through its stemming: "dreaming" finds "dreams")."""
    if not words:
        return set()
    return (_postgres_found if _postgres() else _sqlite_found)(list(words))


def similar_words(words):
    """{word: [words of the site that look like it (share trigrams)]}, in one query, for "Did you mean …"."""
    words = [word for word in words if len(word) >= 3]
    if not words:
        return {}
    found = {word: [] for word in words}
    for index, similar in (_postgres_similar if _postgres() else _sqlite_similar)(words):
        found[words[index]].append(similar)
    return found
