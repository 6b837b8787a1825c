"""Configuration defaults; no secrets live here."""
from app.texts.readers import DEFAULT_MAX_TEXT_CHARS

# Overridden by instance/config.py, then by FACTSPAN_* environment variables.
DEFAULTS = {
    "DATABASE_URL": None,  # None: a SQLite file in the instance folder
    "SQLITE_BUSY_TIMEOUT_MS": 5000,
    "SEED_TEXTS_DIR": None,  # None: seed_texts/ beside the app package
    "ANNOTATION_SCHEMAS_DIR": None,  # None: annotation_schemas/ beside the app package
    "DEFAULT_PROJECT_NAME": "Seed project",
    "SUGGESTER_MODELS_DIR": None,  # None: models/ beside a SQLite file, else instance/models
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "WTF_CSRF_TIME_LIMIT": None,  # tokens live as long as the session
    "CONTENT_SECURITY_POLICY": "default-src 'self'; img-src 'self' data:; style-src 'self'; "
    "script-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'",
    "API_TITLE": "factspan",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": "/api/v1",
    "OPENAPI_JSON_PATH": "openapi.json",
    "MAX_CONTENT_LENGTH": 32 * 1024 * 1024,
    "MAX_TEXT_CHARS": DEFAULT_MAX_TEXT_CHARS,  # longest text an import takes, in code points
    # Failed logins allowed per account and per client address (Flask-Limiter rate strings).
    "LOGIN_LIMIT_PER_ACCOUNT": "5 per minute; 30 per hour",
    "LOGIN_LIMIT_PER_ADDRESS": "30 per minute; 300 per hour",
    # memory:// counts per worker process; redis://host:6379 counts across workers and hosts.
    "RATELIMIT_STORAGE_URI": "memory://",
    "RATELIMIT_KEY_PREFIX": "factspan",
    "RATELIMIT_HEADERS_ENABLED": True,
    # If the shared storage is unreachable, count in memory rather than refuse every login.
    "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
    # Background jobs: None runs Huey on a SQLite file in the instance folder; redis://host:6379/0 lets
    # workers on several hosts share one queue.
    "QUEUE_URL": None,
    "QUEUE_NAME": "factspan-jobs",
    "QUEUE_SQLITE_PATH": None,  # None: instance/jobs-queue.sqlite (when QUEUE_URL is not set)
    "JOBS_DIR": None,  # None: instance/jobs, where finished downloads are kept
    "UPLOADS_DIR": None,  # None: instance/uploads, where uploaded files wait for their import job
    "JOB_HEARTBEAT_SECONDS": 5,
    "JOB_STALE_SECONDS": 60,  # a running job whose heartbeat is older is retried or failed
    "JOB_SWEEP_SECONDS": 30,
    "JOB_MAX_ATTEMPTS": 2,
    "JOB_EXPORT_CHUNK_TEXTS": 5000,  # exports of larger releases are split into chunks any worker writes
    "JOB_AGREEMENT_CHUNK_TEXTS": 1000,  # agreement.figures jobs measure chunks of this many texts
    # The agreement dashboard computes a project's report while the page loads up to this many counted
    # annotation sets; above it the page shows the newest agreement.report job's report. Measured on the
    # 2-core machine (5,000-character texts, 3 annotators, 30 spans each, 200 bootstrap resamples): about
    # 0.28 s for 1,000 sets on SQLite and on PostgreSQL, 0.77 s for 3,000.
    "AGREEMENT_INLINE_MAX_SETS": 1000,
    # Bearer token a Prometheus scraper sends to /metrics; None: only loopback addresses may scrape.
    "METRICS_TOKEN": None,
    # Stored answers to API writes sent with an Idempotency-Key are replayed to retries for this long.
    "IDEMPOTENCY_KEY_TTL_HOURS": 24,
    # Where published verdicts live, for ClaimReview's url; None: the request's own address (CLI: make run's).
    "PUBLIC_URL": None,
}
