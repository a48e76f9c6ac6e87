"""Reading what people type in the search box, the way search engines do.

Words must all appear; "quoted words" must appear together; -word excludes; `or`
between words offers alternatives. Everything is folded first (lowercase, no
accents), as the indexed text is. Both engines get the query rewritten from the
parsed clauses, never the raw text: PostgreSQL as `websearch_to_tsquery` input,
SQLite as an FTS5 expression, so no input is a syntax error, and both read the
same words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.i18n import N_
from core.text import fold
from social.errors import InvalidInput

MAX_QUERY_LENGTH = 200
# Tokens as FTS5's unicode61 tokenizer cuts them: letters and digits; "_" separates.
WORD = re.compile(r"[^\W_]+")
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
# On SQLite a word of this length or more also matches longer words ("réu" finds
# "réunion"); a final s or x of a longer one is dropped first, so a plural finds
# its singular too. PostgreSQL stems French words instead.
PREFIX_FROM = 3
PLURAL_FROM = 5


@dataclass(frozen=True)
class Clause:
    words: tuple[str, ...]  # one word, or the words of a phrase
    negated: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    groups: tuple[tuple[Clause, ...], ...]  # alternatives ("or"), each a list of clauses

    @property
    def is_empty(self) -> bool:
        return not any(not clause.negated for group in self.groups for clause in group)

    @property
    def positive_words(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for group in self.groups:
            for clause in group:
                if not clause.negated:
                    seen.update(dict.fromkeys(clause.words))
        return tuple(seen)


def parse_query(query: object) -> ParsedQuery:
    if query is None:
        query = ""
    if not isinstance(query, str):
        raise InvalidInput(field="q")
    if len(query) > MAX_QUERY_LENGTH:
        raise InvalidInput(N_("This search is too long (%(limit)s characters at most)."),
                           field="q", limit=MAX_QUERY_LENGTH)
    groups: list[tuple[Clause, ...]] = []
    current: list[Clause] = []
    for match in _TOKEN.finditer(fold(query)):
        minus, phrase, bare = match.groups()
        if bare is not None and bare == "or":
            if current:
                groups.append(tuple(current))
                current = []
            continue
        negated = bool(minus) if phrase is not None else bare.startswith("-")
        words = tuple(WORD.findall(phrase if phrase is not None else bare))
        if words:
            current.append(Clause(words, negated))
    if current:
        groups.append(tuple(current))
    groups = [group for group in groups if any(not clause.negated for clause in group)]
    return ParsedQuery(tuple(groups))


def prefix_of(word: str) -> str | None:
    """The prefix a lone word matches on SQLite, or None when it must match exactly."""
    if len(word) < PREFIX_FROM:
        return None
    if len(word) >= PLURAL_FROM and word[-1] in "sx":
        return word[:-1]
    return word


def websearch_text(query: ParsedQuery) -> str:
    """The query for PostgreSQL's `websearch_to_tsquery`, in its own syntax."""
    return " or ".join(" ".join(("-" if clause.negated else "")
                                + (f'"{" ".join(clause.words)}"' if len(clause.words) > 1
                                   else clause.words[0])
                                for clause in group)
                       for group in query.groups)


def fts5_expression(query: ParsedQuery) -> str:
    """The FTS5 MATCH expression: every token quoted, so none is read as an operator."""
    alternatives = []
    for group in query.groups:
        positive = [_fts5_clause(clause) for clause in group if not clause.negated]
        expression = "(" + " AND ".join(positive) + ")"
        for clause in group:
            if clause.negated:
                expression = f"({expression} NOT {_fts5_clause(clause)})"
        alternatives.append(expression)
    return " OR ".join(alternatives)


def _fts5_clause(clause: Clause) -> str:
    # WORD leaves no quote in a token, so quoting cannot be escaped from.
    if len(clause.words) == 1 and not clause.negated:
        prefix = prefix_of(clause.words[0])
        if prefix is not None:
            return f'"{prefix}"*'
    return '"' + " ".join(clause.words) + '"'
