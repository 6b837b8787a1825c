"""The job queue: Huey on SQLite in the instance folder by default, on Redis when FACTSPAN_QUEUE_URL says so.

Huey only carries job ids; the job table holds what a person sees (state, progress, result). A lost or
doubled message is harmless: a worker claims a job row atomically, and the sweeper resends queued jobs.
"""
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from huey import Huey

QUEUE_NAME = "factspan-jobs"


class JobQueue:
    """A Huey instance with the one task that runs a job row; `run` is what a worker calls for a job id.

    Huey is made on first use, so a command that never queues anything does not import it (nor Redis).
    """

    def __init__(self, make: "Callable[[], Huey]", run: Callable[[int], None]) -> None:
        self._make, self._run = make, run
        self._huey: "Huey | None" = None
        self._task: Callable[[int], None] | None = None

    @property
    def huey(self) -> "Huey":
        if self._huey is None:
            self._huey = self._make()
        return self._huey

    def _job_task(self) -> Callable[[int], None]:
        if self._task is None:
            self._task = self.huey.task(name="run_job")(self._run)
        return self._task

    def send(self, job_id: int) -> None:
        """Hand a committed job to the workers."""
        self._job_task()(job_id)

    def depth(self) -> int:
        """Messages waiting for a worker."""
        return self.huey.pending_count()

    def consumer(self, *, workers: int, worker_type: str = "thread"):
        # An idle SQLite queue is polled; Huey's default backoff reaches 10 s, too slow for a waiting person
        # (Redis blocks on the list instead, so it answers at once either way).
        self._job_task()
        return self.huey.create_consumer(workers=workers, worker_type=worker_type, periodic=False,
                                         check_worker_health=True, initial_delay=0.05, backoff=1.15, max_delay=0.5)


def make_huey(*, queue_url: str | None, queue_name: str, sqlite_path: str) -> "Huey":
    """RedisHuey for a redis:// URL (several hosts share it); else SqliteHuey in the file at sqlite_path."""
    from huey import RedisHuey, SqliteHuey

    if queue_url:
        if not queue_url.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError(f"FACTSPAN_QUEUE_URL must be a redis:// URL, not {queue_url!r}.")
        huey: "Huey" = RedisHuey(queue_name, url=queue_url, results=False)
    else:
        Path(sqlite_path).parent.mkdir(parents=True, exist_ok=True)
        huey = SqliteHuey(queue_name, filename=sqlite_path, results=False)
    return huey


def current_queue() -> JobQueue:
    """The app's queue (set up by app.jobs.register)."""
    from flask import current_app

    return current_app.extensions["factspan_jobs"]


def ping_queue(queue: JobQueue | None = None) -> bool:
    """Whether the queue's storage answers (for /readyz; default: the current app's queue); never raises."""
    try:
        queue = queue or current_queue()
        queue.depth()
    except Exception:  # a down Redis raises redis.ConnectionError, a broken file sqlite3.Error
        return False
    return True
