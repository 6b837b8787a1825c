"""Idempotency-Key on API writes: a retried request is answered with the stored response, never applied twice."""
