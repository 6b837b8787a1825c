"""Every rule of the URL map, as anonymous and as each role, against the declared policy (app/auth/route_policy.py).

Allowed: the answer is not a refusal. Refused: 401 (API, anonymous), a redirect to the login page (page,
anonymous) or 403 (a logged-in role). A rule the table does not declare fails the suite, naming it.
"""
import re
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from app.annotations.models import Assignment
from app.auth.models import ApiToken
from app.auth.route_policy import ROUTE_POLICY, allowed_roles
from app.home.navigation import NAV_ITEMS, nav_items_for
from app.review.models import Claim
from app.review.service import build_queue
from app.review.sources import project_review_settings
from app.review.workflow import create_verdict
from app.texts.service import update_project_settings
from tests.auth.helpers import log_in
from tests.factories import bearer, make_assignment, make_user
from tests.review.helpers import add_readouts, released_seed_project

ROLES = ("anonymous", "annotator", "reviewer", "editor", "admin")
SKIPPED_METHODS = {"HEAD", "OPTIONS"}
MISSING_ID = 2**31 - 1  # for objects the fixture does not make (adjudication items, suggestions): a 404, never a 5xx


def _rules(app) -> list[tuple[str, str, str]]:
    """(method, rule, endpoint) of every rule, the logout last (it ends the crawl's session)."""
    found = [(method, rule.rule, rule.endpoint) for rule in app.url_map.iter_rules()
             for method in sorted(rule.methods - SKIPPED_METHODS)]
    return sorted(found, key=lambda item: (item[2] == "auth.logout", item[1], item[0]))


def test_every_rule_is_declared(app):
    undeclared = [f"{method} {rule}" for method, rule, _ in _rules(app) if allowed_roles(method, rule) is None]
    assert undeclared == [], ("Declare who may use these routes in app/auth/route_policy.py: "
                              + ", ".join(undeclared))


def test_the_table_names_no_route_that_is_gone(app):
    present = {f"{method} {rule}" for method, rule, _ in _rules(app)}
    assert sorted(set(ROUTE_POLICY) - present) == []


def test_every_top_bar_link_is_allowed_for_the_roles_that_see_it(app):
    rules = {rule.endpoint: rule.rule for rule in app.url_map.iter_rules()}
    for role in ("annotator", "reviewer", "editor", "admin"):
        for item in nav_items_for(role):
            assert role in allowed_roles("GET", rules[item.endpoint]), (role, item.label)
    assert all(item.endpoint in rules for item in NAV_ITEMS)


@pytest.fixture
def ids(session):
    """Real objects so rules with ids resolve: the released seed project, its text, an annotator's set, a claim
    with a draft verdict, a source, and another user with a token (targets for the admin's user routes)."""
    project = released_seed_project(session)
    # The annotator's gold feedback answers only in projects that show the gold.
    update_project_settings(session, project=project, changes={"show_gold_to_annotators": True})
    editor = make_user(session, "editor")
    source, _ = add_readouts(session, project, editor)
    build_queue(session, project=project, release_name="v1")
    claim = session.scalars(select(Claim).where(Claim.project_id == project.id).order_by(Claim.id)).first()
    check_type = project_review_settings(session, project).queued[claim.label][0]
    verdict = create_verdict(session, claim=claim, user=editor, fields={"check_type": check_type})
    text_id = claim.text_id
    annotator = make_user(session, "annotator")
    assignment = make_assignment(session, text=session.get(type(claim.text), text_id), annotator=annotator)
    other = make_user(session, "annotator")
    bearer(session, other)
    users = {"annotator": annotator, "editor": editor, "reviewer": make_user(session, "reviewer"),
             "admin": make_user(session, "admin")}
    values = {
        "project_id": project.id, "text_id": text_id, "assignment_id": assignment.id,
        "annotation_set_id": session.scalars(select(Assignment).where(Assignment.id == assignment.id)).one()
        .annotation_set.id, "claim_id": claim.id, "verdict_id": verdict.id, "source_id": source.id,
        "version_id": project.annotation_schema_version_id, "user_id": other.id,
        "token_id": session.scalars(select(ApiToken.id).where(ApiToken.user_id == other.id)).one(),
        "item_id": MISSING_ID, "suggestion_id": MISSING_ID, "import_id": MISSING_ID, "name": "v1", "filename": "css/app.css",
    }
    return users, values


def _url(rule: str, values: dict) -> str:
    """The rule with real ids; an id the fixture does not make stands for a missing object (a 404)."""
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", lambda m: str(values.get(m.group(1), MISSING_ID)), rule)


def _refused(response, rule: str, role: str) -> bool:
    if rule.startswith("/api/"):
        return response.status_code in (401, 403)
    if response.status_code in (301, 302, 303) and role == "anonymous":
        return urlsplit(response.headers["Location"]).path == "/login"
    return response.status_code == 403


def _expected_refusal(response, rule: str, role: str) -> bool:
    if role != "anonymous":
        return response.status_code == 403
    if rule.startswith("/api/"):
        return response.status_code == 401 and response.json["reason"] == "unauthorized"
    return response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/login"


@pytest.mark.parametrize("role", ROLES)
def test_every_rule_answers_each_role_as_declared(app, client, ids, role):
    users, values = ids
    if role != "anonymous":
        log_in(client, users[role].username)
    page = client.get("/login" if role == "anonymous" else "/account").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    wrong = []
    for method, rule, _endpoint in _rules(app):
        allowed = allowed_roles(method, rule)
        if allowed is None:
            wrong.append(f"{method} {rule}: not declared in app/auth/route_policy.py")
            continue
        url = _url(rule, values)
        kwargs = {}
        if method != "GET":
            kwargs = ({"json": {}, "headers": {"X-CSRFToken": csrf}} if rule.startswith("/api/")
                      else {"data": {"csrf_token": csrf}})
        response = client.open(url, method=method, **kwargs)
        response.close()  # downloads and static files stream from open files
        if response.status_code >= 500:
            wrong.append(f"{method} {rule}: {response.status_code}")
        elif role in allowed:
            if _refused(response, rule, role):
                wrong.append(f"{method} {rule}: allowed but refused with {response.status_code}")
        elif not _expected_refusal(response, rule, role):
            wrong.append(f"{method} {rule}: should be refused, answered {response.status_code}")
    assert wrong == [], f"{role}:\n" + "\n".join(wrong)
