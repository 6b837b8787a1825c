"""Prometheus metrics of the job queue, in prometheus_client's default registry.

The web app's /metrics shows the queue depth; job durations are observed where jobs run, so a worker
exposes them itself (`factspan worker --metrics-port`).
"""
from collections.abc import Callable

from prometheus_client import Gauge, Histogram

QUEUE_DEPTH = Gauge("factspan_job_queue_depth", "Job messages waiting for a worker")
JOB_DURATION = Histogram("factspan_job_duration_seconds", "Time a worker spent on a job, by kind and final state",
                         ["kind", "state"], buckets=(0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600))


def watch_queue_depth(depth: Callable[[], int]) -> None:
    """Read the depth from the queue whenever metrics are scraped (NaN while the queue does not answer)."""

    def read() -> float:
        try:
            return float(depth())
        except Exception:  # an unreachable Redis must not break the whole scrape
            return float("nan")

    QUEUE_DEPTH.set_function(read)


def observe_job(kind: str, state: str, seconds: float) -> None:
    JOB_DURATION.labels(kind, state).observe(seconds)
