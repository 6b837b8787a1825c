"""Texts: drop stored source links that are not http(s); imports refuse them now, and a page must never
turn an old javascript: link into its "Original source" link.

Revision ID: 0008
Revises: 0004
Create Date: 2026-11-30 10:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    text = sa.table("text", sa.column("source_url", sa.String))
    link = sa.func.lower(sa.func.trim(text.c.source_url))
    op.execute(
        text.update()
        .where(text.c.source_url.is_not(None), ~link.like("http://_%"), ~link.like("https://_%"))
        .values(source_url=None)
    )


def downgrade() -> None:
    # The dropped links were unsafe to show and cannot be told apart afterwards; nothing to restore.
    pass
