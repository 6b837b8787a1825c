"""/projects: list, create from a schema version with settings, overview links per role, settings, archive."""
import re

import pytest
from sqlalchemy import select

from app.annotations.assignments import assign_texts
from app.audit.models import AuditEvent
from app.errors import Conflict
from app.texts.models import Project
from app.texts.readers import make_record
from app.texts.service import import_records, set_project_archived
from tests.auth.helpers import log_in
from tests.factories import make_project, make_schema_version, make_user

SETTINGS = {"annotators_per_text": "2", "adjudication_policy": "", "min_annotators": "2", "routing_action": "off",
            "routing_threshold": "", "routing_metric": "char_alpha_nominal", "queue_order": "import",
            "show_suggestions": "1", "review_signoff": "1"}


def _csrf(client, path: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def test_an_admin_creates_a_project_from_a_schema_version(client, session):
    version = make_schema_version(session)
    admin = make_user(session, "admin")
    log_in(client, admin.username)
    response = client.post("/projects/new", data={**SETTINGS, "name": "Desk project", "description": "",
                                                   "annotation_schema_version_id": version.id,
                                                   "csrf_token": _csrf(client, "/projects/new")})
    assert response.status_code == 302
    project = session.scalars(select(Project).where(Project.name == "Desk project")).one()
    assert project.annotators_per_text == 2 and project.settings["review_signoff"] is True
    assert session.scalars(select(AuditEvent.action).where(AuditEvent.project_id == project.id)).all() == [
        "project.created"]


def test_the_overview_shows_each_setting_and_where_it_comes_from(client, session):
    project = make_project(session, settings={"review_signoff": False})
    reviewer = make_user(session, "reviewer")
    log_in(client, reviewer.username)
    page = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert 'data-testid="setting-review_signoff" data-source="project"' in page
    assert 'data-testid="setting-adjudication_policy" data-source="schema"' in page
    assert "A verdict&#39;s author may publish it without a second editor." in page


def test_the_overview_links_only_to_pages_the_role_may_open(client, session):
    project = make_project(session)
    editor = make_user(session, "editor")
    log_in(client, editor.username)
    page = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert 'data-testid="link-review"' in page and 'data-testid="link-adjudication"' not in page
    assert 'data-testid="edit-settings"' not in page


def test_saving_settings_records_what_changed(client, session):
    project = make_project(session)
    admin = make_user(session, "admin")
    log_in(client, admin.username)
    path = f"/projects/{project.id}/settings"
    response = client.post(path, data={**SETTINGS, "routing_action": "flag", "routing_threshold": "0.4",
                                       "csrf_token": _csrf(client, path)})
    assert response.status_code == 302
    session.refresh(project)
    assert project.settings["agreement_routing"] == {"threshold": 0.4, "metric": "char_alpha_nominal", "action": "flag"}
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "project.settings_changed")).one()
    assert event.actor_id == admin.id and event.changes["annotators_per_text"] == {"before": 3, "after": 2}


def test_routing_without_a_threshold_is_refused(client, session):
    project = make_project(session)
    admin = make_user(session, "admin")
    log_in(client, admin.username)
    path = f"/projects/{project.id}/settings"
    response = client.post(path, data={**SETTINGS, "routing_action": "flag", "csrf_token": _csrf(client, path)})
    assert response.status_code == 422 and "needs a threshold" in response.get_data(as_text=True)


def test_an_archived_project_leaves_the_active_list(client, session):
    project = make_project(session, name="Old desk")
    admin = make_user(session, "admin")
    log_in(client, admin.username)
    client.post(f"/projects/{project.id}/archive", data={"archived": "1",
                                                          "csrf_token": _csrf(client, f"/projects/{project.id}")})
    listed = 'data-testid="project-link">Old desk<'
    assert listed not in client.get("/projects").get_data(as_text=True)
    assert listed in client.get("/projects?archived=1").get_data(as_text=True)
    assert session.scalars(select(AuditEvent.action).where(AuditEvent.project_id == project.id)).all()[-1] == \
        "project.archived"


def test_an_archived_project_refuses_imports_and_assignments(session):
    project = make_project(session)
    set_project_archived(session, project=project, archived=True, actor_id=None)
    with pytest.raises(Conflict) as imported:
        import_records(session, project=project, records=[make_record("A text.", "test")], source="test")
    with pytest.raises(Conflict) as assigned:
        assign_texts(session, project=project, annotators=[make_user(session)])
    assert imported.value.reason == assigned.value.reason == "project_archived"
