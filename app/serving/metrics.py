"""Prometheus metrics at /metrics (prometheus-flask-exporter): requests and latency per url rule, saves, conflicts.

Under `factspan serve` PROMETHEUS_MULTIPROC_DIR is set, so every gunicorn worker writes its samples to
files there and whichever worker answers /metrics reports the sum. Each app gets its own registry, so
tests may build many apps in one process.
"""
import hmac
import ipaddress
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from flask import Flask, Request, current_app, request
from prometheus_client import CollectorRegistry, Counter, multiprocess
from prometheus_client.exposition import choose_encoder
from prometheus_client.registry import Collector
from prometheus_flask_exporter import PrometheusMetrics

from app.errors import Conflict, Forbidden
from app.idempotency.decorators import was_replayed


@dataclass(frozen=True)
class AppCounters:
    saves: Counter
    stale_saves: Counter


class _Exporter(PrometheusMetrics):
    """prometheus-flask-exporter, plus collectors read live at each scrape in multiprocess mode too.

    In multiprocess mode the exporter scrapes a fresh registry holding only the workers' files, so a
    value that is read when scraped (the job queue's depth) would be lost; live_collectors are added to it.
    """

    def __init__(self, app: Flask, **kwargs) -> None:
        self.live_collectors: list[Collector] = []
        super().__init__(app, **kwargs)

    def generate_metrics(self, accept_header=None, names=None):
        if "PROMETHEUS_MULTIPROC_DIR" not in os.environ:
            return super().generate_metrics(accept_header, names)
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        for collector in self.live_collectors:
            registry.register(collector)
        if names:
            registry = registry.restricted_registry(names)
        encode, content_type = choose_encoder(accept_header)
        return encode(registry).decode("utf-8"), content_type


def add_live_collector(app: Flask, collector: Collector) -> None:
    """Report a collector read at scrape time (e.g. queue depth) on this app's /metrics, under gunicorn too."""
    exporter: _Exporter = app.extensions["factspan_metrics"]
    exporter.live_collectors.append(collector)
    exporter.registry.register(collector)


def url_rule(req: Request) -> str:
    """The route's rule (/api/v1/annotation-sets/<int:annotation_set_id>), never the raw path: ids would
    make a series per annotation set, and scanners one per made-up address."""
    return req.url_rule.rule if req.url_rule is not None else "unmatched"


def _scraper_allowed(view: Callable) -> Callable:
    """With FACTSPAN_METRICS_TOKEN, a scraper sends it as a bearer token; without it, only loopback may scrape
    (behind FACTSPAN_BEHIND_PROXY the proxy's clients show their own address, so they are refused)."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        token = current_app.config.get("METRICS_TOKEN")
        if token:
            offered = request.authorization.token if request.authorization and request.authorization.token else ""
            allowed = hmac.compare_digest(offered.encode(), token.encode())
        else:
            allowed = _is_loopback(request.remote_addr)
        if not allowed:
            raise Forbidden("Metrics are for the monitoring system: scrape from this host or send the metrics token.",
                            reason="metrics_forbidden")
        return view(*args, **kwargs)

    return wrapped


def _is_loopback(address: str | None) -> bool:
    try:
        return address is not None and ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def register_metrics(app: Flask) -> None:
    registry = CollectorRegistry()
    app.extensions["factspan_metrics"] = _Exporter(app, registry=registry, group_by=url_rule,
                                                   metrics_decorator=_scraper_allowed,
                                                   excluded_paths=["^/(healthz|readyz)$"])
    app.extensions["factspan_counters"] = AppCounters(
        saves=Counter("factspan_annotation_saves", "Annotation set saves committed", registry=registry),
        stale_saves=Counter("factspan_stale_save_conflicts",
                            "Annotation set saves refused because someone saved after the client loaded",
                            registry=registry),
    )


def counted_saves(view: Callable) -> Callable:
    """Save route decorator, placed above serialize_then_commit: count committed saves and stale-version refusals."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        counters: AppCounters = current_app.extensions["factspan_counters"]
        try:
            response = view(*args, **kwargs)
        except Conflict as exc:
            if exc.reason == "stale_version":
                counters.stale_saves.inc()
            raise
        if not was_replayed(response):  # a retry answered from its stored response saved nothing new
            counters.saves.inc()
        return response

    return wrapped
