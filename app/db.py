"""Declarative base, naming convention and shared column types."""
from datetime import datetime, timezone
from typing import Annotated, Any

from sqlalchemy import JSON, DateTime, Dialect, Integer, MetaData, String, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, mapped_column, registry


# The largest value an INTEGER column holds on every backend (PostgreSQL's is 32-bit; SQLite's 64-bit).
MAX_INT = 2**31 - 1


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UtcDateTime(TypeDecorator):
    """A timezone-aware datetime on every backend. SQLite keeps no offset (it stores the wall time and
    returns it naive), so values are stored in UTC and read back with UTC attached."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(timezone.utc)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value


NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    # The map sits on the registry because Flask-SQLAlchemy subclasses this base.
    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UtcDateTime(), dict[str, Any]: JSON},
    )


int_pk = Annotated[int, mapped_column(Integer, primary_key=True)]
created_at = Annotated[datetime, mapped_column(UtcDateTime(), default=utcnow, nullable=False)]
name_str = Annotated[str, mapped_column(String(200))]
sha256_hex = Annotated[str, mapped_column(String(64))]
json_dict = Annotated[dict[str, Any], mapped_column(JSON, default=dict, nullable=False)]
