"""Review API: sources, queue, verdict flow with versions, roles (editors cannot touch annotations or gold)."""
import json

import pytest

from sqlalchemy import select

from app.annotations.models import AnnotationSet, Assignment
from app.gold.workflow import start_adjudication
from tests.factories import bearer, make_user
from tests.gold.helpers import submitted_project
from tests.review.conftest import claim_for
from tests.review.readouts import CHINESE_READOUT

CLAIM = "The conversation lasted"


def verdict_body(claim, source_id, **overrides):
    return {"check_type": "attribution_fidelity", "rating": "accurate", "claim_reviewed": "The call lasted 85 minutes",
            "evidence": [{"kind": "source_passage", "source_id": source_id, "start": claim.match_start,
                          "end": claim.match_end}], **overrides}


def test_editor_adds_a_source_through_the_api(client, session, desk):
    project, editors, _ = desk
    response = client.post(f"/api/v1/projects/{project.id}/sources", headers=bearer(session, editors["author"]),
                           json={"title": "Xinhua", "content": CHINESE_READOUT + "\nMore.", "linked_values":
                                 ["chinese_readout"], "url": "https://example.org/x", "published_on": "2026-02-04"})
    assert response.status_code == 201 and response.json["char_count"] == len(CHINESE_READOUT) + 6
    listed = client.get(f"/api/v1/projects/{project.id}/sources", headers=bearer(session, editors["second"]))
    assert [s["title"] for s in listed.json][-1] == "Xinhua" and "content" not in listed.json[0]


def test_a_source_without_links_is_422_in_the_one_error_shape(client, session, desk):
    project, editors, _ = desk
    response = client.post(f"/api/v1/projects/{project.id}/sources", headers=bearer(session, editors["author"]),
                           json={"title": "x", "content": "y", "linked_values": []})
    assert response.status_code == 422
    assert set(response.json) == {"code", "status", "reason", "message", "errors"} and "linked_values" in \
        response.json["errors"]


def test_queue_page_of_the_api_is_filtered_and_flags_weak_matches(client, session, desk):
    project, editors, _ = desk
    response = client.get(f"/api/v1/projects/{project.id}/review/claims?weak=true&label=sourced_readout",
                          headers=bearer(session, editors["author"]))
    assert response.status_code == 200 and response.json["total"] >= 1
    assert all(item["weak_match"] for item in response.json["items"])


def test_rebuilding_through_the_api_is_idempotent(client, session, desk):
    project, editors, _ = desk
    response = client.post(f"/api/v1/projects/{project.id}/review/queue", headers=bearer(session, editors["author"]),
                           json={"release": "v1"})
    assert response.status_code == 200 and response.json["created"] == 0


def test_claim_detail_has_context_sources_and_the_matching_passage(client, session, desk):
    project, editors, sources = desk
    claim = claim_for(session, project, CLAIM)
    body = client.get(f"/api/v1/claims/{claim.id}", headers=bearer(session, editors["author"])).json
    assert body["context"]["span"] == claim.span_text and "Ushakov" in body["context"]["after"]
    [source] = body["sources"]
    best = body["matches"][0]
    assert source["id"] == sources["russian"].id
    assert source["content"][best["start"]:best["end"]] == "The conversation lasted 1 hour and 25 minutes"
    assert [c["id"] for c in body["check_types"]] == ["attribution_fidelity"]


def test_verdict_flow_over_the_api_with_a_stale_save(client, session, desk):
    project, editors, sources = desk
    author, second = bearer(session, editors["author"]), bearer(session, editors["second"])
    claim = claim_for(session, project, CLAIM)
    created = client.post(f"/api/v1/claims/{claim.id}/verdicts", headers=author,
                          json=verdict_body(claim, sources["russian"].id))
    assert created.status_code == 201, created.json
    verdict_id, version = created.json["id"], created.json["version"]
    saved = client.put(f"/api/v1/verdicts/{verdict_id}", headers=author,
                       json={"version": version, "explanation": "Same length in the readout."})
    assert saved.status_code == 200
    stale = client.put(f"/api/v1/verdicts/{verdict_id}", headers=second, json={"version": version, "explanation": "x"})
    assert stale.status_code == 409 and stale.json["reason"] == "stale_version"
    version = saved.json["version"]
    submitted = client.post(f"/api/v1/verdicts/{verdict_id}/submit", headers=author, json={"version": version})
    own = client.post(f"/api/v1/verdicts/{verdict_id}/signoff", headers=author,
                      json={"version": submitted.json["version"]})
    assert own.status_code == 403 and own.json["reason"] == "own_verdict"
    signed = client.post(f"/api/v1/verdicts/{verdict_id}/signoff", headers=second,
                         json={"version": submitted.json["version"]})
    assert signed.status_code == 200, signed.json
    done = client.post(f"/api/v1/verdicts/{verdict_id}/publish", headers=second, json={"version": signed.json["version"]})
    assert done.status_code == 200 and done.json["status"] == "published"
    history = client.get(f"/api/v1/claims/{claim.id}/history", headers=author).json
    assert [e["action"] for e in history] == ["drafted", "saved", "submitted", "signed_off", "published"]


def test_claimreview_download_holds_the_published_verdict(client, session, desk):
    project, editors, sources = desk
    headers = bearer(session, editors["author"])
    project.settings = {"review_signoff": False}
    claim = claim_for(session, project, CLAIM)
    created = client.post(f"/api/v1/claims/{claim.id}/verdicts", headers=headers,
                          json=verdict_body(claim, sources["russian"].id))
    client.post(f"/api/v1/verdicts/{created.json['id']}/publish", headers=headers,
                json={"version": created.json["version"]})
    response = client.get(f"/api/v1/projects/{project.id}/review/export?format=claimreview", headers=headers)
    [review] = json.loads(response.data)
    assert review["claimReviewed"] == "The call lasted 85 minutes"
    assert review["url"].endswith(f"/claims/{claim.id}#verdict-1")


def test_comments_over_the_api(client, session, desk):
    project, editors, _ = desk
    claim = claim_for(session, project, CLAIM)
    response = client.post(f"/api/v1/claims/{claim.id}/comments", headers=bearer(session, editors["author"]),
                           json={"body": "Check the minutes."})
    assert response.status_code == 201 and [c["body"] for c in response.json] == ["Check the minutes."]


@pytest.fixture
def gold_text(session):
    project, text, users = submitted_project(session)
    items = [item for item in start_adjudication(session, text=text) if item.status == "open"]
    return text, items[0], users


def test_an_editors_token_cannot_change_a_span(client, session, gold_text):
    _, _, users = gold_text
    editor = bearer(session, make_user(session, "editor"))
    set_id = session.scalar(select(AnnotationSet.id).join(Assignment).where(Assignment.annotator_id ==
                                                                              users["ann_a"].id))
    response = client.put(f"/api/v1/annotation-sets/{set_id}", headers=editor, json={"version": 3, "spans": []})
    assert response.status_code == 403 and response.json["reason"] == "forbidden"


def test_an_editors_token_cannot_change_a_gold_decision(client, session, gold_text):
    _, item, _ = gold_text
    response = client.post(f"/api/v1/adjudication-items/{item.id}/decision",
                           headers=bearer(session, make_user(session, "editor")), json={"action": "reject_all"})
    assert response.status_code == 403


def test_an_editors_token_cannot_release_gold(client, session, gold_text):
    text, _, _ = gold_text
    response = client.post(f"/api/v1/projects/{text.project_id}/gold/releases",
                           headers=bearer(session, make_user(session, "editor")), json={"name": "v2"})
    assert response.status_code == 403


@pytest.mark.parametrize("path", ["/api/v1/claims/{claim}", "/api/v1/claims/{claim}/history",
                                  "/api/v1/claims/{claim}/comments", "/api/v1/projects/{project}/review/claims",
                                  "/api/v1/projects/{project}/review/export?format=csv",
                                  "/api/v1/projects/{project}/review/export?format=claimreview"])
def test_an_annotators_token_cannot_read_any_verdict(client, session, desk, path):
    project, _, _ = desk
    claim = claim_for(session, project, CLAIM)
    response = client.get(path.format(claim=claim.id, project=project.id),
                          headers=bearer(session, make_user(session, "annotator")))
    assert response.status_code == 403 and response.json["reason"] == "forbidden"


def test_reviewers_cannot_write_verdicts_over_the_api(client, session, desk):
    project, _, sources = desk
    claim = claim_for(session, project, CLAIM)
    response = client.post(f"/api/v1/claims/{claim.id}/verdicts", headers=bearer(session, make_user(session, "reviewer")),
                           json=verdict_body(claim, sources["russian"].id))
    assert response.status_code == 403


def test_openapi_documents_the_review_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert {"/api/v1/claims/{claim_id}/verdicts", "/api/v1/verdicts/{verdict_id}/signoff",
            "/api/v1/projects/{project_id}/review/export", "/api/v1/projects/{project_id}/sources"} <= set(paths)
