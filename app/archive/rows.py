"""One table row as a JSON line and back: dates as ISO 8601 strings, everything else as JSON has it."""
import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, Date, DateTime, Table, TypeDecorator

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=lambda value: _plain(value)).encode


def _plain(value: Any) -> str:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} has no archive encoding")


def encode_row(row: dict[str, Any]) -> bytes:
    """One JSONL line (JSON escapes newlines inside strings, so b"\\n" only ever ends a row)."""
    return (_dumps(row) + "\n").encode("utf-8")


def _parser(column: Column):
    column_type = column.type.impl if isinstance(column.type, TypeDecorator) else column.type
    if isinstance(column_type, DateTime):
        return datetime.fromisoformat
    if isinstance(column_type, Date):
        return date.fromisoformat
    return None


class RowDecoder:
    """Turns a table's JSON lines back into insertable values, refusing rows that do not fit the table."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.columns = frozenset(table.c.keys())
        self.parsers = {column.key: parser for column in table.c if (parser := _parser(column)) is not None}

    def decode(self, line: bytes) -> dict[str, Any]:
        """:raises ValueError: not a JSON object with exactly the table's columns, or a malformed date."""
        row = json.loads(line)
        if not isinstance(row, dict) or row.keys() != self.columns:
            raise ValueError(f"a row of {self.table.name} must be an object with exactly its columns")
        for key, parse in self.parsers.items():
            if row[key] is not None:
                if not isinstance(row[key], str):
                    raise ValueError(f"{self.table.name}.{key} must be an ISO 8601 string")
                row[key] = parse(row[key])
        return row
