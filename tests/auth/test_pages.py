"""Login, logout and the role-specific home pages."""
import re

from tests.factories import PASSWORD, make_assignment, make_project, make_text, make_user


def csrf(client, path="/login"):
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def test_login_page_renders(client):
    response = client.get("/login")
    assert response.status_code == 200
    assert b'data-testid="login-form"' in response.data


def test_home_redirects_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_wrong_password_is_refused(client, session):
    user = make_user(session)
    response = client.post("/login", data={"username": user.username, "password": "nope", "csrf_token": csrf(client)})
    assert response.status_code == 401
    assert b"Wrong username or password" in response.data


def test_login_without_csrf_is_refused(client, session):
    user = make_user(session)
    response = client.post("/login", data={"username": user.username, "password": PASSWORD})
    assert response.status_code == 400


def test_deactivated_user_cannot_log_in(client, session):
    user = make_user(session, active=False)
    response = client.post("/login", data={"username": user.username, "password": PASSWORD, "csrf_token": csrf(client)})
    assert response.status_code == 401


def test_annotator_home_lists_own_assignments(client, session):
    project = make_project(session, name="Readouts")
    annotator = make_user(session)
    make_assignment(session, text=make_text(session, project, "One text.", title="First text"), annotator=annotator)
    client.post("/login", data={"username": annotator.username, "password": PASSWORD, "csrf_token": csrf(client)})
    page = client.get("/").get_data(as_text=True)
    assert "First text" in page and "Readouts" in page and 'data-status="not_started"' in page


def test_staff_home_shows_projects_with_counts(client, session):
    project = make_project(session, name="Counted project")
    make_text(session, project, "Text one.")
    reviewer = make_user(session, role="reviewer")
    client.post("/login", data={"username": reviewer.username, "password": PASSWORD, "csrf_token": csrf(client)})
    page = client.get("/").get_data(as_text=True)
    assert "Counted project" in page


def test_logout_ends_the_session(client, session):
    user = make_user(session)
    client.post("/login", data={"username": user.username, "password": PASSWORD, "csrf_token": csrf(client)})
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").get_data(as_text=True)).group(1)
    client.post("/logout", data={"csrf_token": token})
    assert client.get("/").status_code == 302


def test_login_ignores_offsite_next(client, session):
    user = make_user(session)
    response = client.post("/login?next=//evil.example/", data={
        "username": user.username, "password": PASSWORD, "csrf_token": csrf(client)})
    assert response.headers["Location"] == "/"
