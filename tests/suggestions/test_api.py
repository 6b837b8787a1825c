"""Suggestion endpoints: list your open ones, accept as a versioned save, reject; staff list suggesters."""
import json
import re

from sqlalchemy import select

from app.annotations.models import Assignment

from app.suggestions.models import SuggestionDecision
from tests.factories import bearer, make_user
from tests.suggestions.helpers import suggested_text


def test_annotator_lists_open_suggestions_with_confidence(client, session):
    setup = suggested_text(session)
    response = client.get(f"/api/v1/annotation-sets/{setup.set_ids['ann']}/suggestions",
                          headers=bearer(session, setup.users["ann"]))
    assert response.status_code == 200
    assert [(s["label"], s["confidence"], s["suggester"]) for s in response.json] == [
        ("sourced_readout", 0.9, "rules"), ("author_inference", 0.6, "rules")]


def test_accept_answers_the_saved_set_with_suggested_by(client, session):
    setup = suggested_text(session)
    first = setup.suggestions[0]
    response = client.post(f"/api/v1/annotation-sets/{setup.set_ids['ann']}/suggestions/accept",
                           headers=bearer(session, setup.users["ann"]), json={"version": 1, "suggestion_ids": [first.id]})
    assert response.status_code == 200, response.json
    assert response.json["version"] == 2 and response.json["spans"][0]["suggested_by"]["suggestion_id"] == first.id


def test_accept_against_a_stale_version_is_409(client, session):
    setup = suggested_text(session)
    response = client.post(f"/api/v1/annotation-sets/{setup.set_ids['ann']}/suggestions/accept",
                           headers=bearer(session, setup.users["ann"]),
                           json={"version": 5, "suggestion_ids": [setup.suggestions[0].id]})
    assert response.status_code == 409 and response.json["reason"] == "stale_version"


def test_reject_is_recorded_for_the_annotator(client, session):
    setup = suggested_text(session)
    response = client.post(f"/api/v1/suggestions/{setup.suggestions[1].id}/reject",
                           headers=bearer(session, setup.users["bea"]))
    assert response.status_code == 200 and response.json["state"] == "rejected"
    session.expire_all()
    [decision] = session.scalars(select(SuggestionDecision)).all()
    assert (decision.user_id, decision.state) == (setup.users["bea"].id, "rejected")


def test_reject_on_a_text_not_yours_is_404(client, session):
    setup = suggested_text(session)
    stranger = make_user(session, role="annotator")
    response = client.post(f"/api/v1/suggestions/{setup.suggestions[1].id}/reject", headers=bearer(session, stranger))
    assert response.status_code == 404


def test_staff_list_the_project_s_suggesters(client, session):
    setup = suggested_text(session)
    response = client.get(f"/api/v1/projects/{setup.project.id}/suggesters",
                          headers=bearer(session, make_user(session, role="reviewer")))
    assert response.status_code == 200 and [s["name"] for s in response.json] == ["rules"]


def test_the_annotation_page_leaves_suggestions_out_when_the_project_hides_them(client, session):
    setup = suggested_text(session, settings={"show_suggestions": False})
    assignment_id = session.scalars(select(Assignment.id).where(Assignment.annotator_id == setup.users["ann"].id)).one()
    html = client.get(f"/annotate/{assignment_id}", headers=bearer(session, setup.users["ann"])).get_data(as_text=True)
    data = json.loads(re.search(r'<script type="application/json" id="page-data">(.*?)</script>', html, re.S).group(1))
    assert data["suggestions_url"] is None
