"""Prometheus metrics at /metrics (prometheus-flask-exporter): requests and latency per url rule, saves, conflicts.

Under `factspan serve` PROMETHEUS_MULTIPROC_DIR is set, so every gunicorn worker writes its samples to
files there and whichever worker answers /metrics reports the sum. Each app gets its own registry, so
tests may build many apps in one process.
"""
import hmac
import ipaddress
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from flask import Flask, Request, current_app, request
from prometheus_client import CollectorRegistry, Counter
from prometheus_flask_exporter import PrometheusMetrics

from app.errors import Conflict, Forbidden
from app.idempotency.decorators import was_replayed


@dataclass(frozen=True)
class AppCounters:
    saves: Counter
    stale_saves: Counter


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
    PrometheusMetrics(app, registry=registry, group_by=url_rule, metrics_decorator=_scraper_allowed,
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
