"""/admin/audit: the audit log for admins, filtered and paged."""
from datetime import date

from flask import Blueprint, flash, render_template, request

from app.audit.listing import AuditFilters, list_events
from app.audit.models import AUDIT_ACTIONS
from app.auth.access import roles_required
from app.auth.service import list_users
from app.extensions import session
from app.texts.service import list_projects_with_text_counts

blueprint = Blueprint("audit", __name__)


def _day(name: str) -> date | None:
    value = request.args.get(name, "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        flash(f"'{value}' is not a date (YYYY-MM-DD); that filter is ignored.", "error")
        return None


@blueprint.get("/admin/audit")
@roles_required("admin")
def audit_log():
    action = request.args.get("action") or None
    filters = AuditFilters(
        actor_id=request.args.get("actor", type=int), action=action if action in AUDIT_ACTIONS else None,
        project_id=request.args.get("project", type=int), since=_day("since"), until=_day("until"))
    page = list_events(session(), filters=filters, before=request.args.get("before", type=int))
    # The filters without the cursor, for the "older" and "newest" links.
    query = {key: value for key, value in request.args.items() if key != "before" and value}
    return render_template("audit/log.html", page=page, filters=filters, query=query, actions=AUDIT_ACTIONS,
                           users=list_users(session()),
                           projects=[project for project, _count in list_projects_with_text_counts(session(), include_archived=True)])
