"""SQLite write ordering: every write transaction queues for one lock, waits at most the busy timeout, else DatabaseBusy.

SQLite lets one writer at a time hold its lock. Routes that know they will write call
begin_writes_immediately (BEGIN IMMEDIATE, queued here); any other transaction (a CLI command, a job,
a page without the decorator) joins the same queue at its first INSERT, UPDATE or DELETE. A writer that
cannot get its turn within FACTSPAN_SQLITE_BUSY_TIMEOUT_MS gets DatabaseBusy (HTTP 503 with
Retry-After), never an endless wait.
"""
import fcntl
import os
import threading
import time

from sqlalchemy import Engine, event

from app.errors import DatabaseBusy

BUSY_TIMEOUT_OPTION = "sqlite_busy_timeout_ms"
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
# Polling the file lock: SQLite's own busy handler sleeps up to 100 ms between tries, which made
# waiting writers' latency jumpy; a few milliseconds keeps the queue moving without spinning.
_FIRST_POLL_S, _LONGEST_POLL_S = 0.0005, 0.004


class _WriterQueue:
    """One writer at a time per database file, across threads (a lock) and processes (an flock beside the file)."""

    def __init__(self) -> None:
        self._thread_lock = threading.Lock()
        self._files: dict[str, int] = {}
        # Who holds the queue, kept here rather than on the connection: an invalidated connection (a lost
        # database) refuses access to its info, and the queue must still be released when it rolls back.
        self._holder: tuple[int, str] | None = None

    def holds(self, owner: int) -> bool:
        return self._holder is not None and self._holder[0] == owner

    def acquire(self, database_path: str, timeout_s: float, owner: int) -> bool:
        deadline = time.monotonic() + timeout_s
        if not self._thread_lock.acquire(timeout=max(timeout_s, 0)):
            return False
        fd = self._files.get(database_path)
        if fd is None:
            fd = self._files[database_path] = os.open(f"{database_path}-writers", os.O_CREAT | os.O_RDWR, 0o600)
        poll = _FIRST_POLL_S
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                self._holder = (owner, database_path)
                return True
            except BlockingIOError:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    self._thread_lock.release()
                    return False
                time.sleep(min(poll, remaining))
                poll = min(poll * 2, _LONGEST_POLL_S)

    def release(self, owner: int) -> None:
        if not self.holds(owner):
            return
        _, database_path = self._holder
        self._holder = None
        fcntl.flock(self._files[database_path], fcntl.LOCK_UN)
        self._thread_lock.release()


_writers = _WriterQueue()


def _database_file(connection) -> str | None:
    if connection.dialect.name != "sqlite":
        return None
    database = connection.engine.url.database
    return None if database in (None, "", ":memory:") else database


def _join_queue(connection, database: str) -> None:
    """:raises DatabaseBusy: other writers held the database for longer than the busy timeout."""
    timeout_ms = connection.get_execution_options().get(BUSY_TIMEOUT_OPTION, 5000)
    if not _writers.acquire(database, timeout_ms / 1000, id(connection)):
        raise DatabaseBusy(f"The database stayed busy with other writes for {timeout_ms / 1000:g} s; "
                           "nothing was stored. Try again in a moment.")


@event.listens_for(Engine, "begin")
def _sqlite_begin(connection) -> None:
    """Writers take the write lock up front, so two saves wait for each other instead of failing."""
    if connection.dialect.name != "sqlite":
        return
    database = _database_file(connection)
    if connection.get_execution_options().get("sqlite_begin_immediate", False) and database:
        _join_queue(connection, database)
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.exec_driver_sql("BEGIN")


@event.listens_for(Engine, "before_cursor_execute")
def _sqlite_first_write(connection, _cursor, statement: str, *_args) -> None:
    """A transaction that began as a reader queues before its first write, like every other writer."""
    if not statement.lstrip()[:7].upper().startswith(_WRITES) or _writers.holds(id(connection)):
        return
    database = _database_file(connection)
    if database and connection.in_transaction():
        _join_queue(connection, database)


@event.listens_for(Engine, "commit")
@event.listens_for(Engine, "rollback")
def _sqlite_end(connection) -> None:
    _writers.release(id(connection))
