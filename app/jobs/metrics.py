"""Prometheus metrics of the job queue.

The queue's depth is read when /metrics is scraped (a live collector on the app's registry, which
app.serving.metrics reports under gunicorn too); job durations are observed where jobs run, so each
worker serves them itself (`factspan worker --metrics-port`, prometheus_client's default registry).
"""
from collections.abc import Callable, Iterator

from prometheus_client import Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

JOB_DURATION = Histogram("factspan_job_duration_seconds", "Time a worker spent on a job, by kind and final state",
                         ["kind", "state"], buckets=(0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600))


class QueueDepthCollector(Collector):
    """factspan_job_queue_depth: job messages waiting for a worker, NaN while the queue does not answer."""

    def __init__(self, depth: Callable[[], int]) -> None:
        self._depth = depth

    def collect(self) -> Iterator[GaugeMetricFamily]:
        try:
            value = float(self._depth())
        except Exception:  # an unreachable Redis must not break the whole scrape
            value = float("nan")
        yield GaugeMetricFamily("factspan_job_queue_depth", "Job messages waiting for a worker", value=value)


def observe_job(kind: str, state: str, seconds: float) -> None:
    JOB_DURATION.labels(kind, state).observe(seconds)
