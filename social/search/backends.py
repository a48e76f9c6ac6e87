"""The two full-text engines behind one interface.

Each says which index entries match a parsed query and how well (`rank`, higher
is better), and which words of a text to mark as matches. The rest of search
(visibility, paging, excerpts) is the same SQL on both.

On PostgreSQL, which serves many firms, ranking costs a bounded amount: the
newest `MAX_CANDIDATES` visible matches are ranked, never all of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, Sequence

from sqlalchemy import (ColumnElement, Double, FromClause, Integer, bindparam, cast, column,
                        func, literal_column, select, table, text, true)
from sqlalchemy.dialects.postgresql import ARRAY, TSVECTOR
from sqlalchemy.orm import Session

from social.models import SearchEntry
from social.search.excerpts import Term
from social.search.query import ParsedQuery, fts5_expression, prefix_of, websearch_text


# How many of a query's visible matches PostgreSQL ranks: the newest ones. A word
# every firm uses costs the same to rank in a firm of ten people and in one of ten
# thousand; an older text about it is found by adding a word.
MAX_CANDIDATES = 500


@dataclass(frozen=True)
class Matching:
    source: FromClause  # search_entries, joined to whatever the engine needs
    condition: ColumnElement[bool]
    rank: ColumnElement[float]


class Engine(Protocol):
    def matching(self, query: ParsedQuery, scope: Sequence[ColumnElement[bool]]) -> Matching:
        """The entries matching `query`; `scope` (the firm, the spaces one reads) is on
        `search_entries` alone, and the caller applies it too."""

    def terms(self, db: Session, query: ParsedQuery, tenant_id: int,
              entry_ids: list[int]) -> list[Term]:
        """The words to mark in the excerpts of these hits."""


class SqliteFts5:
    """FTS5 over the folded text; BM25 ranks (FTS5 returns it negated: lower is better)."""

    _fts = table("search_fts", column("rowid"))

    def matching(self, query: ParsedQuery, scope: Sequence[ColumnElement[bool]]) -> Matching:
        # FTS5 ranks every match cheaply; bm25() only exists in the MATCH statement itself.
        fts_table = literal_column("search_fts")
        source = SearchEntry.__table__.join(self._fts, self._fts.c.rowid == SearchEntry.id)
        return Matching(source=source,
                        condition=fts_table.op("MATCH")(fts5_expression(query)),
                        rank=-func.bm25(fts_table))

    def terms(self, db: Session, query: ParsedQuery, tenant_id: int,
              entry_ids: list[int]) -> list[Term]:
        terms = []
        for word in query.positive_words:
            prefix = prefix_of(word)
            terms.append(Term(prefix, prefix=True) if prefix else Term(word))
        return terms


class PostgresFrench:
    """French full-text search: stemmed lexemes ("réunions" finds "réunion"), ts_rank."""

    _config = literal_column("'french'::regconfig")
    # The stored to_tsvector('french', folded) (a generated column, not in the model),
    # indexed by GIN on (tenant_id, document): the search's tenant filter and match
    # are one index scan, and ranking reads the stored lexemes instead of parsing again.
    _document = literal_column("search_entries.document", TSVECTOR)
    # The words of the hits that match a word of the query once stemmed: "chevaux"
    # for "cheval", which no prefix rule would find.
    _matching_words = text(
        "SELECT DISTINCT word FROM search_entries, "
        "unnest(string_to_array(search_entries.folded, ' ')) AS word "
        "WHERE search_entries.id = ANY(:ids) AND search_entries.tenant_id = :tenant_id "
        "AND to_tsvector('french'::regconfig, word) "
        "@@ websearch_to_tsquery('french'::regconfig, :words)"
    ).bindparams(bindparam("ids", type_=ARRAY(Integer)))

    def matching(self, query: ParsedQuery, scope: Sequence[ColumnElement[bool]]) -> Matching:
        tsquery = func.websearch_to_tsquery(self._config, websearch_text(query))
        # One GIN scan finds the firm's visible matches. Materialised, so that the
        # planner cannot walk the primary key backwards through every firm's entries
        # looking for the newest matches; the newest MAX_CANDIDATES are then ranked.
        matches = (select(SearchEntry.id).where(*scope, self._document.op("@@")(tsquery))
                   .cte("search_matches").prefix_with("MATERIALIZED"))
        newest = (select(matches.c.id).order_by(matches.c.id.desc()).limit(MAX_CANDIDATES)
                  .subquery("search_candidates"))
        # Normalisation 1 divides by the log of the text's length: a short text about
        # the words outranks a long one that mentions them in passing. ts_rank is a
        # float4, which reaches Python rounded to its shortest text: as a double it
        # comes back exactly, so a page cursor compares equal to the rank it came from.
        rank = func.ts_rank(self._document, tsquery, literal_column("1"))
        return Matching(source=newest.join(SearchEntry.__table__, SearchEntry.id == newest.c.id),
                        condition=true(), rank=cast(rank, Double))

    def terms(self, db: Session, query: ParsedQuery, tenant_id: int,
              entry_ids: list[int]) -> list[Term]:
        words = " or ".join(query.positive_words)
        rows = db.execute(self._matching_words, {"ids": entry_ids, "tenant_id": tenant_id,
                                                 "words": words}).scalars()
        return [Term(word) for word in rows]


def engine_for(db: Session) -> Engine:
    dialect = db.get_bind().dialect.name
    if dialect == "postgresql":
        return PostgresFrench()
    if dialect == "sqlite":
        return SqliteFts5()
    raise NotImplementedError(f"no full-text search for {dialect}")
