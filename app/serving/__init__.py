"""Serving: gunicorn settings and the `factspan serve` command, request ids, health and metrics endpoints."""
