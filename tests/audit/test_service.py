"""The audit log: what services record, that secrets stay out, that rows cannot change, and the listing."""
from datetime import date, timedelta

import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.exc import DBAPIError

from app.audit.listing import AuditFilters, list_events
from app.audit.models import AuditEvent
from app.audit.service import record_event
from app.auth.service import set_active, set_password, set_role
from app.db import utcnow
from app.texts.service import update_project_settings
from tests.factories import make_project, make_user


def _events(session, action: str) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


def test_role_change_is_recorded_with_before_and_after(session):
    admin, user = make_user(session, "admin"), make_user(session)
    set_role(session, username=user.username, role="reviewer", actor_id=admin.id)
    [event] = _events(session, "user.role_changed")
    assert (event.actor_id, event.target_type, event.target_id) == (admin.id, "user", user.id)
    assert event.changes == {"role": {"before": "annotator", "after": "reviewer"}}


def test_setting_the_same_role_records_nothing(session):
    user = make_user(session)
    set_role(session, username=user.username, role="annotator", actor_id=None)
    assert _events(session, "user.role_changed") == []


def test_deactivation_is_recorded(session):
    admin, user = make_user(session, "admin"), make_user(session)
    set_active(session, username=user.username, active=False, actor_id=admin.id)
    [event] = _events(session, "user.deactivated")
    assert event.changes == {"active": {"before": True, "after": False}}


def test_a_password_reset_records_no_password(session):
    user = make_user(session)
    set_password(session, username=user.username, password="a new secret phrase", actor_id=None)
    [event] = _events(session, "user.password_reset")
    assert "a new secret phrase" not in str(event.changes) and event.target_id == user.id


def test_secret_keys_never_reach_the_log(session):
    event = record_event(session, actor_id=None, action="user.created", target_type="user", target_id=1,
                         changes={"username": "x", "password": "hunter2", "nested": {"token_sha256": "ab"}})
    assert event.changes == {"username": "x", "nested": {}}


def test_an_unknown_action_is_a_programming_error(session):
    with pytest.raises(ValueError, match="AUDIT_ACTIONS"):
        record_event(session, actor_id=None, action="user.teleported", target_type="user", target_id=1)


def test_project_settings_change_lists_only_what_changed(session):
    project = make_project(session, settings={"review_signoff": True})
    update_project_settings(session, project=project, changes={"review_signoff": True, "show_gold_to_annotators": True})
    [event] = _events(session, "project.settings_changed")
    assert event.project_id == project.id
    assert event.changes == {"show_gold_to_annotators": {"before": None, "after": True}}


@pytest.mark.parametrize("statement", ["update", "delete"])
def test_the_database_refuses_to_change_an_entry(session, statement):
    event = record_event(session, actor_id=None, action="user.created", target_type="user", target_id=1)
    query = (update(AuditEvent).values(action="user.role_changed") if statement == "update" else delete(AuditEvent))
    with pytest.raises(DBAPIError, match="append-only"):
        with session.begin_nested():
            session.execute(query.where(AuditEvent.id == event.id))
    assert session.get(AuditEvent, event.id).action == "user.created"


def test_listing_pages_by_keyset_without_gaps_or_repeats(session):
    ids = [record_event(session, actor_id=None, action="token.created", target_type="api_token", target_id=n).id
           for n in range(7)]
    filters = AuditFilters(action="token.created")
    first = list_events(session, filters=filters, limit=3)
    second = list_events(session, filters=filters, before=first.next_before, limit=3)
    third = list_events(session, filters=filters, before=second.next_before, limit=3)
    seen = [row.event.id for page in (first, second, third) for row in page.rows]
    assert seen == sorted(ids, reverse=True) and third.next_before is None


def test_listing_filters_by_actor_project_and_day(session):
    admin = make_user(session, "admin")
    project = make_project(session)
    mine = record_event(session, actor_id=admin.id, action="project.archived", target_type="project",
                        target_id=project.id, project_id=project.id)
    record_event(session, actor_id=None, action="project.archived", target_type="project", target_id=project.id)
    today = utcnow().date()
    found = list_events(session, filters=AuditFilters(actor_id=admin.id, project_id=project.id, since=today,
                                                       until=today))
    assert [row.event.id for row in found.rows] == [mine.id]
    assert found.rows[0].actor == admin.username and found.rows[0].project == project.name
    tomorrow = today + timedelta(days=1)
    assert list_events(session, filters=AuditFilters(actor_id=admin.id, since=tomorrow)).rows == []
    assert list_events(session, filters=AuditFilters(actor_id=admin.id, until=date(2000, 1, 1))).rows == []
