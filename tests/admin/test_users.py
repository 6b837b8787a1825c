"""/admin/users: list with workload, create with a one-time password, role, (de)activate, reset; audit entries."""
import re

from sqlalchemy import select

from app.audit.models import AuditEvent
from app.auth.models import User
from tests.auth.helpers import log_in
from tests.conftest import IsolatedClient
from tests.factories import make_assignment, make_project, make_text, make_user


def _csrf(client) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/admin/users").get_data(as_text=True)).group(1)


def _admin(client, session) -> User:
    admin = make_user(session, "admin")
    log_in(client, admin.username)
    return admin


def test_the_list_shows_role_status_and_workload(client, session):
    _admin(client, session)
    annotator = make_user(session, username="worker")
    make_assignment(session, text=make_text(session, make_project(session)), annotator=annotator)
    page = client.get("/admin/users").get_data(as_text=True)
    row = re.search(r'<tr data-testid="user-row" data-username="worker">(.*?)</tr>', page, re.S).group(1)
    assert "never" in row and "<td>1</td>" in row and "<td>0</td>" in row and ">active<" in row


def test_non_admins_are_refused(client, session):
    reviewer = make_user(session, "reviewer")
    log_in(client, reviewer.username)
    assert client.get("/admin/users").status_code == 403


def test_creating_shows_a_one_time_password_that_must_be_changed(client, session):
    admin = _admin(client, session)
    response = client.post("/admin/users", data={"username": "newcomer", "role": "annotator", "csrf_token": _csrf(client)})
    assert response.status_code == 201
    password = re.search(r'data-testid="one-time-password-value">([^<]+)<', response.get_data(as_text=True)).group(1)
    user = session.scalars(select(User).where(User.username == "newcomer")).one()
    assert user.must_change_password and password not in client.get("/admin/users").get_data(as_text=True)
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "user.created")
                            .where(AuditEvent.target_id == user.id)).one()
    assert event.actor_id == admin.id and password not in str(event.changes)


def test_a_taken_username_is_refused_with_the_form_kept(client, session):
    _admin(client, session)
    make_user(session, username="taken")
    response = client.post("/admin/users", data={"username": "taken", "role": "editor", "csrf_token": _csrf(client)})
    assert response.status_code == 409 and "is taken" in response.get_data(as_text=True)


def test_changing_a_role(client, session):
    _admin(client, session)
    user = make_user(session)
    response = client.post(f"/admin/users/{user.id}/role", data={"role": "editor", "csrf_token": _csrf(client)})
    assert response.status_code == 302
    session.refresh(user)
    assert user.role == "editor"


def test_the_last_admin_cannot_demote_themselves(client, session):
    for other in session.scalars(select(User).where(User.role == "admin")):
        other.active = False  # a database shared by earlier tests may hold admins; only ours counts
    admin = _admin(client, session)
    response = client.post(f"/admin/users/{admin.id}/role", data={"role": "annotator", "csrf_token": _csrf(client)})
    assert response.status_code == 409 and "last active admin" in response.get_data(as_text=True)


def test_deactivating_ends_the_users_sessions(client, session, app):
    _admin(client, session)
    user = make_user(session)
    other = IsolatedClient(app, app.response_class, use_cookies=True)
    other.sessions = client.sessions
    log_in(other, user.username)
    assert other.get("/").status_code == 200
    client.post(f"/admin/users/{user.id}/active", data={"active": "0", "csrf_token": _csrf(client)})
    assert other.get("/").status_code == 302
    session.refresh(user)
    assert not user.active


def test_reactivating(client, session):
    _admin(client, session)
    user = make_user(session, active=False)
    client.post(f"/admin/users/{user.id}/active", data={"active": "1", "csrf_token": _csrf(client)})
    session.refresh(user)
    assert user.active


def test_resetting_a_password_shows_a_new_one_time_password(client, session):
    _admin(client, session)
    user = make_user(session)
    response = client.post(f"/admin/users/{user.id}/password", data={"csrf_token": _csrf(client)})
    assert 'data-testid="one-time-password-value"' in response.get_data(as_text=True)
    session.refresh(user)
    assert user.must_change_password
