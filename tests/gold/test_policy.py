"""The adjudication policy in force comes from the schema unless the project sets one; attribute disputes stay open."""
import re

from app.annotations.saving import save_annotation_set
from app.annotations.service import submit_annotation_set
from app.gold.service import adjudicate_project, adjudication_payload
from app.gold.workflow import project_policy, start_adjudication
from app.texts.service import update_project_settings
from tests.factories import PASSWORD, make_assignment, make_project, make_text, make_user
from tests.gold.helpers import TEXT, span, submitted_project

READOUT = {"source": "russian_readout", "author_framing": False}
FRAMED = {"source": "russian_readout", "author_framing": True, "cue_text": "Ushakov said"}


def test_a_new_project_takes_the_schemas_policy(session):
    assert project_policy(make_project(session)) == ("majority", 2)


def test_a_projects_own_policy_and_minimum_win(session):
    project = make_project(session)
    update_project_settings(session, project=project, changes={"adjudication": {"policy": "unanimous",
                                                                                "min_annotators": 3}})
    assert project_policy(project) == ("unanimous", 3)


def test_adjudicating_without_a_policy_uses_the_projects(session):
    project, _, _ = submitted_project(session, policy="majority")
    report = adjudicate_project(session, project=project)
    # Two of three agree on the inference and the motive claim: majority settles them, unanimity would not.
    assert (report.policy, report.min_annotators, report.items_settled, report.items_open) == ("majority", 2, 3, 0)


def test_an_explicit_policy_overrides_the_projects(session):
    project, _, _ = submitted_project(session, policy="majority")
    report = adjudicate_project(session, project=project, policy="unanimous")
    assert (report.policy, report.items_open) == ("unanimous", 2)


def test_the_payload_names_the_policy_in_force(session):
    _, text, _ = submitted_project(session, policy="majority")
    start_adjudication(session, text=text)
    payload = adjudication_payload(session, text=text)
    assert payload["policy"] == {"policy": "majority", "policy_source": "project", "min_annotators": 2}
    assert {item["tally"]["needed"] for item in payload["items"]} == {2}


def submitted(session, project, text, spans_by_annotator):
    for spans in spans_by_annotator:
        user = make_user(session)
        set_id = make_assignment(session, text=text, annotator=user).annotation_set.id
        save_annotation_set(session, annotation_set_id=set_id, user=user, version=1, spans=spans)
        submit_annotation_set(session, annotation_set_id=set_id, user=user, version=2)


def test_same_span_and_label_with_other_attributes_is_an_open_conflict(session):
    project = make_project(session)
    text = make_text(session, project, TEXT)
    phrase = "Xi invited Putin to visit China, and Putin accepted"
    submitted(session, project, text, [[span(phrase, "sourced_readout", FRAMED)],
                                       [span(phrase, "sourced_readout", READOUT)],
                                       [span(phrase, "sourced_readout", {"source": "russian_readout"})]])
    [item] = start_adjudication(session, text=text)
    assert (item.kind, item.status) == ("conflict", "open")
    [candidate] = adjudication_payload(session, text=text)["items"][0]["tally"]["candidates"]
    disputes = candidate["attribute_disagreements"]
    assert set(disputes) == {"author_framing", "cue_text"}
    # The third annotator left author_framing out: its default (false) is what they said.
    assert sorted(disputes["author_framing"].values()) == [False, False, True]


def test_same_attributes_with_defaults_left_out_are_agreed_and_pre_accepted(session):
    project = make_project(session)
    text = make_text(session, project, TEXT)
    phrase = "Xi invited Putin to visit China, and Putin accepted"
    submitted(session, project, text, [[span(phrase, "sourced_readout", READOUT)],
                                       [span(phrase, "sourced_readout", {"source": "russian_readout"})]])
    [item] = start_adjudication(session, text=text)
    assert (item.kind, item.status) == ("agreed", "resolved")


def test_gold_page_menu_defaults_to_the_policy_in_force(client, session):
    project, _, _ = submitted_project(session, policy="majority")
    update_project_settings(session, project=project, changes={"adjudication": {"min_annotators": 4}})
    reviewer = make_user(session, role="reviewer")
    client.post("/login", data={"username": reviewer.username, "password": PASSWORD,
                                "csrf_token": _csrf(client, "/login")})
    html = client.get(f"/projects/{project.id}/gold").get_data(as_text=True)
    assert re.search(r'<option value="majority" selected>', html)
    assert "Policy in force: <strong>majority</strong>" in html and "at least 4 annotators" in html


def _csrf(client, path):
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)
