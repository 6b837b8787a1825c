"""The text browser's one query: full-text search (FTS5 on SQLite, tsvector on PostgreSQL), filters, sort
orders and keyset pages, so page 2,000 of 100,000 texts costs what page 1 does."""
import base64
import binascii
import json
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Integer, Select, and_, bindparam, case, column, exists, func, literal_column, select, table, text, tuple_,
)
from sqlalchemy.orm import Session

from app.annotations.models import AnnotationSet, Assignment, Span
from app.errors import Invalid
from app.gold.models import AdjudicationItem, GoldAnnotation
from app.texts.models import ADJUDICATION_STATES, Text

STATUSES = ("unassigned", "annotating", "submitted")
# sort key → (column, descending); id breaks ties. "agreement" lists only texts that have the figure.
SORTS: dict[str, tuple[Any, bool]] = {
    "id": (Text.id, False), "-id": (Text.id, True), "title": (Text.title, False),
    "length": (Text.char_count, False), "-length": (Text.char_count, True), "agreement": (Text.agreement, False),
}
MAX_TERMS = 16
MAX_PAGE = 200
WORD = re.compile(r"\w+")
# SQLite's FTS5 table of migration 0010 (not a model: SQLAlchemy has no type for it); rowid is the text's id.
SQLITE_SEARCH = table("text_search", column("rowid", Integer))


@dataclass(frozen=True)
class TextQuery:
    q: str = ""
    status: str | None = None
    adjudication: str | None = None
    agreement_below: float | None = None
    open_conflicts: bool = False
    label: str | None = None
    sort: str = "id"
    after: str | None = None
    limit: int = 50


@dataclass(frozen=True)
class TextRow:
    id: int
    external_id: str | None
    title: str
    char_count: int
    adjudication_status: str
    agreement: float | None
    assigned: int
    submitted: int


@dataclass(frozen=True)
class TextPage:
    rows: list[TextRow]
    next_cursor: str | None


def search_texts(session: Session, *, project_id: int, query: TextQuery) -> TextPage:
    """One page of the project's texts matching every given filter, in the chosen order.

    Words in `q` must all occur in the title or text (the last may be the start of a word).

    :raises Invalid: an unknown status, adjudication status or sort, or a cursor this query did not make.
    """
    if query.sort not in SORTS:
        raise Invalid(f"Sort by one of {', '.join(SORTS)}.", errors={"sort": ["Unknown sort."]})
    sort_column, descending = SORTS[query.sort]
    by_id = sort_column is Text.id
    limit = max(1, min(query.limit, MAX_PAGE))
    terms = WORD.findall(query.q)[:MAX_TERMS]
    sqlite = session.get_bind().dialect.name == "sqlite"
    if terms and sqlite and by_id:
        # FTS5 hands out its matches in rowid (= text id) order: joined and ordered by its rowid, the query
        # stops at the end of the page instead of collecting every match of a common word first.
        sort_column = SQLITE_SEARCH.c.rowid
        statement = (select(Text.id, sort_column).join_from(Text, SQLITE_SEARCH, Text.id == SQLITE_SEARCH.c.rowid)
                     .where(_sqlite_match(terms)))
    else:
        statement = select(Text.id, sort_column)
        if terms:
            statement = statement.where(Text.id.in_(_sqlite_matching_ids(terms)) if sqlite else _postgres_match(terms))
    statement = _filtered(statement.where(Text.project_id == project_id), query)
    if query.sort == "agreement":
        statement = statement.where(Text.agreement.is_not(None))
    keys = [sort_column] if by_id else [sort_column, Text.id]
    if query.after:
        last_key, last_id = _decode_cursor(query.after)
        values = [last_id] if by_id else [last_key, last_id]
        left, right = (keys[0], values[0]) if by_id else (tuple_(*keys), tuple_(*values))
        statement = statement.where(left < right if descending else left > right)
    order = [key.desc() if descending else key.asc() for key in keys]
    hits = session.execute(statement.order_by(*order).limit(limit + 1)).all()
    more = len(hits) > limit
    hits = hits[:limit]
    cursor = _encode_cursor(hits[-1][1], hits[-1][0]) if more else None
    return TextPage(_rows(session, [hit[0] for hit in hits]), cursor)


def _filtered(statement: Select, query: TextQuery) -> Select:
    if query.status is not None:
        if query.status not in STATUSES:
            raise Invalid(f"Status is one of {', '.join(STATUSES)}.", errors={"status": ["Unknown status."]})
        statement = statement.where(_status_clause(query.status))
    if query.adjudication is not None:
        if query.adjudication not in ADJUDICATION_STATES:
            raise Invalid(f"Adjudication status is one of {', '.join(ADJUDICATION_STATES)}.",
                          errors={"adjudication": ["Unknown adjudication status."]})
        statement = statement.where(Text.adjudication_status == query.adjudication)
    if query.agreement_below is not None:
        statement = statement.where(Text.agreement < query.agreement_below)
    if query.open_conflicts:
        statement = statement.where(exists().where(AdjudicationItem.text_id == Text.id,
                                                   AdjudicationItem.kind == "conflict", AdjudicationItem.status == "open"))
    if query.label:
        annotated = (select(Span.id).join(AnnotationSet, AnnotationSet.id == Span.annotation_set_id)
                     .join(Assignment, Assignment.id == AnnotationSet.assignment_id)
                     .where(Assignment.text_id == Text.id, Span.label == query.label))
        in_gold = select(GoldAnnotation.id).where(GoldAnnotation.text_id == Text.id, GoldAnnotation.label == query.label)
        statement = statement.where(annotated.exists() | in_gold.exists())
    return statement


def _sqlite_match(terms: list[str]):
    """FTS5 query: each term quoted (so no term is read as an operator), implicit AND, the last one a prefix."""
    return text("text_search MATCH :match").bindparams(match=" ".join(f'"{term}"' for term in terms) + "*")


def _sqlite_matching_ids(terms: list[str]):
    return select(SQLITE_SEARCH.c.rowid).where(_sqlite_match(terms))


def _postgres_match(terms: list[str]):
    """Every term in the title or content; the last one also as a prefix (search as you type)."""
    tsquery = " & ".join(f"'{term}'" for term in terms) + ":*"
    return literal_column("text.search_vector").op("@@")(
        func.to_tsquery(literal_column("'simple'::regconfig"), bindparam("tsquery", tsquery)))


def _status_clause(status: str):
    any_assignment = exists().where(Assignment.text_id == Text.id)
    unsubmitted = exists().where(Assignment.text_id == Text.id, Assignment.status != "submitted")
    if status == "unassigned":
        return ~any_assignment
    if status == "annotating":
        return unsubmitted
    return and_(any_assignment, ~unsubmitted)


def _rows(session: Session, ids: list[int]) -> list[TextRow]:
    if not ids:
        return []
    counts = {text_id: (assigned, submitted) for text_id, assigned, submitted in session.execute(
        select(Assignment.text_id, func.count(), func.sum(case((Assignment.status == "submitted", 1), else_=0)))
        .where(Assignment.text_id.in_(ids)).group_by(Assignment.text_id))}
    texts = {t.id: t for t in session.execute(
        select(Text.id, Text.external_id, Text.title, Text.char_count, Text.adjudication_status, Text.agreement)
        .where(Text.id.in_(ids)))}
    return [TextRow(*texts[i], *(int(n or 0) for n in counts.get(i, (0, 0)))) for i in ids]


def _encode_cursor(key: Any, text_id: int) -> str:
    return base64.urlsafe_b64encode(json.dumps([key, text_id]).encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[Any, int]:
    try:
        key, text_id = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(text_id, int) or isinstance(text_id, bool) or not isinstance(key, (str, int, float)):
            raise ValueError
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise Invalid("This page link is not valid; start from the first page.", reason="bad_cursor",
                      errors={"after": ["Not a cursor."]}) from None
    return key, text_id
