"""Entry point for gunicorn: `gunicorn wsgi:app` (FACTSPAN_BEHIND_PROXY=1 trusts one proxy's X-Forwarded-*)."""
from app import create_app

app = create_app()
