"""The database's own full-text machinery for the passages and the words, installed by migrations.

SQLite: an FTS5 table over the passages (Porter stemming, BM25) and an FTS5 trigram table over the
words, both "external content" tables kept in step by triggers, so every write to a passage or a
word (the ORM, bulk_create, a restore, raw SQL) updates the index in the same transaction.
PostgreSQL: a stored, weighted tsvector per passage set by a trigger, a GIN index on it, and pg_trgm
with a trigram GIN index on the words.

Call install() again from any later migration that rebuilds search_passage or search_word on
SQLite (Django's SQLite table rebuild drops triggers); it is safe to repeat.
"""

# The FTS5 column order; bm25 weights follow it. A passage's `title` is only shown: a page's title is
# in the keywords of its first passage, so a word of the title finds the page once, not every paragraph.
PASSAGE_COLUMNS = ("keywords", "heading", "text")
CONFIG = "english"

SQLITE = [
    "DROP TABLE IF EXISTS search_passage_fts",
    "CREATE VIRTUAL TABLE search_passage_fts USING fts5(keywords, heading, text, "
    "content='search_passage', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
    "DROP TRIGGER IF EXISTS search_passage_fts_insert",
    "CREATE TRIGGER search_passage_fts_insert AFTER INSERT ON search_passage BEGIN "
    "INSERT INTO search_passage_fts(rowid, keywords, heading, text) "
    "VALUES (new.id, new.keywords, new.heading, new.text); END",
    "DROP TRIGGER IF EXISTS search_passage_fts_delete",
    "CREATE TRIGGER search_passage_fts_delete AFTER DELETE ON search_passage BEGIN "
    "INSERT INTO search_passage_fts(search_passage_fts, rowid, keywords, heading, text) "
    "VALUES ('delete', old.id, old.keywords, old.heading, old.text); END",
    "DROP TRIGGER IF EXISTS search_passage_fts_update",
    "CREATE TRIGGER search_passage_fts_update AFTER UPDATE ON search_passage BEGIN "
    "INSERT INTO search_passage_fts(search_passage_fts, rowid, keywords, heading, text) "
    "VALUES ('delete', old.id, old.keywords, old.heading, old.text); "
    "INSERT INTO search_passage_fts(rowid, keywords, heading, text) "
    "VALUES (new.id, new.keywords, new.heading, new.text); END",
    "INSERT INTO search_passage_fts(search_passage_fts) VALUES ('rebuild')",
    "DROP TABLE IF EXISTS search_word_trigrams",
    "CREATE VIRTUAL TABLE search_word_trigrams USING fts5(word, content='search_word', content_rowid='id', "
    "tokenize='trigram')",
    "DROP TRIGGER IF EXISTS search_word_trigrams_insert",
    "CREATE TRIGGER search_word_trigrams_insert AFTER INSERT ON search_word BEGIN "
    "INSERT INTO search_word_trigrams(rowid, word) VALUES (new.id, new.word); END",
    "DROP TRIGGER IF EXISTS search_word_trigrams_delete",
    "CREATE TRIGGER search_word_trigrams_delete AFTER DELETE ON search_word BEGIN "
    "INSERT INTO search_word_trigrams(search_word_trigrams, rowid, word) VALUES ('delete', old.id, old.word); END",
    "INSERT INTO search_word_trigrams(search_word_trigrams) VALUES ('rebuild')",
]

SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS search_passage_fts_insert",
    "DROP TRIGGER IF EXISTS search_passage_fts_delete",
    "DROP TRIGGER IF EXISTS search_passage_fts_update",
    "DROP TABLE IF EXISTS search_passage_fts",
    "DROP TRIGGER IF EXISTS search_word_trigrams_insert",
    "DROP TRIGGER IF EXISTS search_word_trigrams_delete",
    "DROP TABLE IF EXISTS search_word_trigrams",
]

# The page's title, other spellings and the ways patients ask weigh most (A), headings next (B), the text itself least (C).
POSTGRES_DOCUMENT = (
    f"setweight(to_tsvector('{CONFIG}', coalesce(NEW.keywords, '')), 'A') || "
    f"setweight(to_tsvector('{CONFIG}', coalesce(NEW.heading, '')), 'B') || "
    f"setweight(to_tsvector('{CONFIG}', coalesce(NEW.text, '')), 'C')"
)

# GIN's "fast update" keeps new entries in a pending list that every search scans until a vacuum
# merges it: after a bulk write (a rebuild, 9,000 passages) one search took 59.9 ms, 18.3 ms once
# merged. Content is written rarely and searched often, so entries go straight into the index.
POSTGRES_NO_PENDING_LIST = [
    f"ALTER INDEX {index} SET (fastupdate = off)" for index in ("search_passage_document_gin", "search_word_trigram_gin")
] + [
    f"SELECT gin_clean_pending_list('{index}'::regclass)" for index in ("search_passage_document_gin", "search_word_trigram_gin")
]

POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE OR REPLACE FUNCTION search_passage_document() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN NEW.document := {POSTGRES_DOCUMENT}; RETURN NEW; END $$",
    "DROP TRIGGER IF EXISTS search_passage_document ON search_passage",
    "CREATE TRIGGER search_passage_document BEFORE INSERT OR UPDATE OF heading, keywords, text "
    "ON search_passage FOR EACH ROW EXECUTE FUNCTION search_passage_document()",
    "UPDATE search_passage SET text = text",
    "CREATE INDEX IF NOT EXISTS search_passage_document_gin ON search_passage USING gin (document)",
    "CREATE INDEX IF NOT EXISTS search_word_trigram_gin ON search_word USING gin (word gin_trgm_ops)",
    *POSTGRES_NO_PENDING_LIST,
]

POSTGRES_REMOVE = [
    "DROP INDEX IF EXISTS search_word_trigram_gin",
    "DROP INDEX IF EXISTS search_passage_document_gin",
    "DROP TRIGGER IF EXISTS search_passage_document ON search_passage",
    "DROP FUNCTION IF EXISTS search_passage_document()",
]


def no_pending_list(apps, schema_editor):
    """PostgreSQL: the GIN indexes without a pending list (see POSTGRES_NO_PENDING_LIST)."""
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_NO_PENDING_LIST:
            schema_editor.execute(statement)


def install(apps, schema_editor):
    """Create (or re-create) the full-text index, triggers and trigram index for this database."""
    for statement in {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def remove(apps, schema_editor):
    for statement in {"sqlite": SQLITE_REMOVE, "postgresql": POSTGRES_REMOVE}.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)
