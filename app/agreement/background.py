"""Agreement reports computed by background jobs, as the dashboard shows them.

Jobs sit above the domains (they call the domains, never the reverse), so the jobs package hands the
dashboard its lookup of agreement.report jobs when the app starts (app/jobs/__init__.py).
"""
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import Flask, current_app
from sqlalchemy.orm import Session

_EXTENSION = "factspan_agreement_report_runs"


@dataclass(frozen=True)
class ReportRun:
    """One background computation of a project's agreement report."""

    job_id: int
    state: str
    started_at: datetime | None
    finished_at: datetime | None
    report: dict[str, Any] | None


@dataclass(frozen=True)
class ReportRuns:
    latest: ReportRun | None  # the newest that succeeded
    pending: ReportRun | None  # the newest still queued or running


# Called as lookup(session, project_id=…, include_drafts=…, label=…).
RunsLookup = Callable[..., ReportRuns]


def provide_report_runs(app: Flask, lookup: RunsLookup) -> None:
    app.extensions[_EXTENSION] = lookup


def report_runs(session: Session, *, project_id: int, include_drafts: bool, label: str | None) -> ReportRuns:
    """The background runs of the project's report with these options."""
    return current_app.extensions[_EXTENSION](session, project_id=project_id, include_drafts=include_drafts,
                                              label=label)
