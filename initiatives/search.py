"""Full-text search over Initiative.search_text: an FTS5 table on SQLite, a GIN index of words on PostgreSQL.

search_text already holds the title and content folded to lower-case ASCII words (core.text.fold), so both
engines index plain words, and a query folded the same way finds "cải tiến" from "cai tien". Every word of the
query must appear as a whole word.

On SQLite the index is an external-content FTS5 table kept in step by triggers on initiative. A migration that
rebuilds the initiative table on SQLite (batch mode copies it) drops those triggers and must call install() again.
"""

from sqlalchemy import event, func, literal_column, select
from sqlalchemy.sql import column, table

from core.text import fold
from initiatives.models import Initiative

FTS_TABLE = "initiative_fts"
# FTS5 keeps its index in these shadow tables (no _content: the text stays in initiative; no _docsize: no ranking).
FTS_SHADOW_TABLES = tuple(f"{FTS_TABLE}_{suffix}" for suffix in ("data", "idx", "config"))
PG_INDEX = "ix_initiative_search"
MAX_WORDS = 8

_fts = table(FTS_TABLE, column("rowid"), column(FTS_TABLE))

_SQLITE_INSTALL = (
    # detail=none stores which rows hold a word and nothing more: all a query of whole words needs, at a third
    # of the size of a full index.
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(search_text, content='initiative', "
    "content_rowid='id', detail=none, columnsize=0, tokenize='unicode61')",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_insert AFTER INSERT ON initiative BEGIN
        INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_delete AFTER DELETE ON initiative BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_update AFTER UPDATE OF search_text ON initiative BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text) VALUES ('delete', old.id, old.search_text);
        INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    # Index whatever the table already holds (a migration over existing data, a bulk load without triggers).
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
)
_SQLITE_UNINSTALL = tuple(f"DROP TRIGGER IF EXISTS {FTS_TABLE}_{verb}" for verb in ("insert", "delete", "update")) + (
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
)
# The 'simple' configuration only splits and lower-cases: the words are folded already, and no stemming applies.
_PG_INSTALL = (f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON initiative USING gin (to_tsvector('simple', search_text))",)
_PG_UNINSTALL = (f"DROP INDEX IF EXISTS {PG_INDEX}",)


def install(connection) -> None:
    """Create the search index over initiative.search_text on connection's engine and fill it."""
    for statement in _SQLITE_INSTALL if connection.dialect.name == "sqlite" else _PG_INSTALL:
        connection.exec_driver_sql(statement)


def uninstall(connection) -> None:
    """Drop the search index (and on SQLite the triggers that feed it)."""
    for statement in _SQLITE_UNINSTALL if connection.dialect.name == "sqlite" else _PG_UNINSTALL:
        connection.exec_driver_sql(statement)


def is_search_object(name: str | None, type_: str) -> bool:
    """Tell whether a reflected table or index is part of the search index, which the models do not describe."""
    if type_ == "table":
        return name == FTS_TABLE or name in FTS_SHADOW_TABLES
    return type_ == "index" and name == PG_INDEX


def search_words(text: str) -> list[str]:
    """Return the words a search for text looks for: folded like search_text, without repeats, at most MAX_WORDS."""
    return list(dict.fromkeys(fold(text or "").split()))[:MAX_WORDS]


def matches(text: str, dialect: str, *, narrowed: bool = False):
    """Return a SQL condition on Initiative: its search_text holds every word of text (dialect: the engine's name).

    narrowed: the list is confined to some subtrees or to the user's own initiatives, rows that other indexes
    find; the condition then takes the form each engine combines best with them.
    """
    words = search_words(text)
    if dialect == "sqlite":
        fts = select(_fts.c.rowid).where(_fts.c[FTS_TABLE].match(" ".join(f'"{word}"' for word in words)))
        # FTS5 hands out its matches newest first, which serves a whole-tree list; within a subtree the subtree's
        # rows are fewer, and "id + 0" (which SQLite cannot look up by) makes them lead while the matches only check.
        return (Initiative.id + 0 if narrowed else Initiative.id).in_(fts)
    # The index is over this very expression; the configuration is written literally so that it matches. Within
    # subtrees PostgreSQL ANDs the index's bitmap with the union index's.
    return func.to_tsvector(literal_column("'simple'"), Initiative.search_text).op("@@")(
        func.plainto_tsquery(literal_column("'simple'"), " ".join(words)))


@event.listens_for(Initiative.__table__, "after_create")
def _install_after_create(_target, connection, **_kw) -> None:
    install(connection)


@event.listens_for(Initiative.__table__, "before_drop")
def _uninstall_before_drop(_target, connection, **_kw) -> None:
    uninstall(connection)
