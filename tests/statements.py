"""Counting the SQL statements a piece of work sends: constant-cost claims are tested as facts, not timings."""
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.orm import Session


@contextmanager
def statements_sent(session: Session) -> Iterator[list[str]]:
    """The statements sent meanwhile on the test connection (which every request's and command's session shares)."""
    connection = session.connection()
    sent: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        sent.append(statement)

    event.listen(connection, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(connection, "before_cursor_execute", record)
