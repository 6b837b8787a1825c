"""Assignments and progress pages: assign from chosen annotators, reassign a draft, progress moves on submit."""
import re

from sqlalchemy import select

from app.annotations.models import AnnotationEvent, Assignment
from app.audit.models import AuditEvent
from app.annotations.saving import save_annotation_set
from app.annotations.service import submit_annotation_set
from app.annotations.spans import SpanInput
from tests.auth.test_pages import csrf
from tests.factories import PASSWORD, bearer, make_project, make_text, make_user

READOUT = {"source": "chinese_readout"}


def _log_in(client, user):
    client.post("/login", data={"username": user.username, "password": PASSWORD, "csrf_token": csrf(client)})


def _project_with_texts(session, count=4, per_text=2):
    project = make_project(session, annotators_per_text=per_text)
    texts = [make_text(session, project, f"Xi invited Putin to visit China, number {i}.") for i in range(count)]
    return project, texts


def _assign(client, project, annotators):
    page = f"/projects/{project.id}/assignments"
    return client.post(page, data={"csrf_token": csrf(client, page), "annotator": [str(a.id) for a in annotators]})


def test_assigning_fills_each_text_from_the_chosen_annotators(client, session):
    project, texts = _project_with_texts(session)
    chosen = [make_user(session) for _ in range(3)]
    left_out = make_user(session)
    _log_in(client, make_user(session, role="admin"))
    response = _assign(client, project, chosen)
    assert response.status_code == 303
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Created 8 assignment(s)." in html and "0 text(s) have fewer than 2 annotator(s)" in html
    session.expire_all()
    per_user: dict[int, int] = {}
    for owner in session.scalars(select(Assignment.annotator_id).where(Assignment.text_id.in_([t.id for t in texts]))):
        per_user[owner] = per_user.get(owner, 0) + 1
    assert left_out.id not in per_user and sorted(per_user.values()) == [2, 3, 3]
    audit = session.scalars(select(AuditEvent).where(AuditEvent.action == "assignments.changed",
                                                     AuditEvent.project_id == project.id)).one()
    assert audit.changes["created"] == 8


def test_choosing_no_annotator_is_refused_with_the_reason(client, session):
    project, _ = _project_with_texts(session, count=1)
    _log_in(client, make_user(session, role="admin"))
    response = _assign(client, project, [])
    assert response.status_code == 422 and "Name at least one annotator." in response.get_data(as_text=True)


def test_annotators_and_reviewers_cannot_assign(client, session):
    project, _ = _project_with_texts(session, count=1)
    for role in ("annotator", "reviewer"):
        response = client.get(f"/projects/{project.id}/assignments", headers=bearer(session, make_user(session, role=role)))
        assert response.status_code == 403


def _draft(session, assignment, user):
    save_annotation_set(session, annotation_set_id=assignment.annotation_set.id, user=user,
                        version=assignment.annotation_set.version, spans=[SpanInput(0, 2, "sourced_readout", READOUT)])


def test_reassigning_a_draft_starts_the_new_annotator_fresh_and_keeps_the_old_draft_in_history(client, session):
    project, [text] = _project_with_texts(session, count=1, per_text=1)
    first, second = make_user(session), make_user(session)
    _log_in(client, make_user(session, role="admin"))
    _assign(client, project, [first])
    assignment = session.scalars(select(Assignment).where(Assignment.text_id == text.id)).one()
    _draft(session, assignment, first)
    session.commit()
    page = f"/projects/{project.id}/assignments"
    response = client.post(f"{page}/reassign", data={"csrf_token": csrf(client, page), "text_id": str(text.id),
                                                     "from_annotator": str(first.id), "to_annotator": str(second.id)})
    assert response.status_code == 303
    session.expire_all()
    moved = session.get(Assignment, assignment.id)
    assert (moved.annotator_id, moved.status, moved.annotation_set.spans) == (second.id, "not_started", [])
    event = session.scalars(select(AnnotationEvent).where(AnnotationEvent.action == "reassign")).one()
    assert event.changes["from_annotator_id"] == first.id and [s["label"] for s in event.changes["draft"]] == [
        "sourced_readout"]
    audit = session.scalars(select(AuditEvent).where(AuditEvent.action == "assignments.changed",
                                                     AuditEvent.target_type == "text")).one()
    assert audit.changes["reassigned"]["to_annotator_id"] == second.id


def test_a_submitted_text_is_not_reassigned(client, session):
    project, [text] = _project_with_texts(session, count=1, per_text=1)
    first, second = make_user(session), make_user(session)
    _log_in(client, make_user(session, role="admin"))
    _assign(client, project, [first])
    assignment = session.scalars(select(Assignment).where(Assignment.text_id == text.id)).one()
    _draft(session, assignment, first)
    submit_annotation_set(session, annotation_set_id=assignment.annotation_set.id, user=first, version=2)
    session.commit()
    page = f"/projects/{project.id}/assignments"
    response = client.post(f"{page}/reassign", data={"csrf_token": csrf(client, page), "text_id": str(text.id),
                                                     "from_annotator": str(first.id), "to_annotator": str(second.id)})
    assert response.status_code == 409 and "already submitted" in response.get_data(as_text=True)


def _cells(html: str, username: str) -> tuple[str, str, str]:
    row = re.search(rf'data-testid="progress-{username}">.*?data-testid="assigned">(\d+)</td>\s*'
                    rf'<td data-testid="in-progress">(\d+)</td><td data-testid="submitted">(\d+)</td>', html, re.S)
    return row.groups()


def test_progress_moves_when_an_annotator_drafts_and_submits(client, session):
    project, texts = _project_with_texts(session, count=2, per_text=1)
    annotator = make_user(session)
    reviewer_headers = bearer(session, make_user(session, role="reviewer"))
    _log_in(client, make_user(session, role="admin"))
    _assign(client, project, [annotator])
    page = f"/projects/{project.id}/progress"
    assert _cells(client.get(page, headers=reviewer_headers).get_data(as_text=True), annotator.username) == (
        "2", "0", "0")
    assignment = session.scalars(select(Assignment).where(Assignment.text_id == texts[0].id)).one()
    _draft(session, assignment, annotator)
    session.commit()
    assert _cells(client.get(page, headers=reviewer_headers).get_data(as_text=True), annotator.username) == (
        "2", "1", "0")
    submit_annotation_set(session, annotation_set_id=assignment.annotation_set.id, user=annotator, version=2)
    session.commit()
    html = client.get(page, headers=reviewer_headers).get_data(as_text=True)
    assert _cells(html, annotator.username) == ("2", "0", "1")
    assert 'data-testid="per-day-chart"' in html and "<svg" in html
    assert [m for m in re.findall(r'data-testid="stage">(\w+)<', html)] == ["adjudication", "annotation"]


def test_annotators_do_not_see_progress(client, session):
    project, _ = _project_with_texts(session, count=1)
    response = client.get(f"/projects/{project.id}/progress", headers=bearer(session, make_user(session)))
    assert response.status_code == 403
