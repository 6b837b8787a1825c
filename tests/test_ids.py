"""Ids past the database integer range answer 404 (in a URL) or 422 (in a filter or body), never 500."""
import re

import pytest

from tests.annotations.test_api import login
from tests.factories import bearer, make_project, make_user

HUGE_IDS = (2**31, 2**63)
BODIES = {
    "annotations_api.save_annotation_set": {"version": 1, "spans": []},
    "annotations_api.submit_annotation_set": {"version": 1},
    "annotations_api.reopen_annotation_set": {"version": 1},
    "gold_api.decide": {"action": "no_span"},
    "gold_api.create_release": {"name": "v9"},
    "texts_api.import_texts": {"texts": [{"text": "A text."}]},
}
QUERIES = {"gold_api.export_release": "?format=jsonl", "gold_api.diff": "?from=v1&to=v2"}


def _rules_with_ids(app):
    return sorted((rule for rule in app.url_map.iter_rules() if "<int:" in rule.rule), key=lambda rule: rule.rule)


def _url(rule, number: int) -> str:
    path = re.sub(r"<int:\w+>", str(number), rule.rule)
    return re.sub(r"<(?:\w+:)?\w+>", "v1", path)


@pytest.fixture
def admin(session):
    return make_user(session, role="admin")


def test_the_walk_covers_the_rules_with_ids(app):
    assert len(_rules_with_ids(app)) >= 20


@pytest.mark.parametrize("number", HUGE_IDS)
def test_every_api_rule_answers_404_for_an_id_past_the_range(client, session, admin, number):
    headers = bearer(session, admin)
    answers = {}
    for rule in _rules_with_ids(client.application):
        if not rule.rule.startswith("/api/"):
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(_url(rule, number) + QUERIES.get(rule.endpoint, ""), method=method,
                                   headers=headers, json=BODIES.get(rule.endpoint))
            answers[f"{method} {rule.rule}"] = (response.status_code, (response.json or {}).get("reason"))
    assert answers == {key: (404, "not_found") for key in answers}


@pytest.mark.parametrize("number", HUGE_IDS)
def test_every_page_rule_answers_404_for_an_id_past_the_range(client, session, admin, number):
    token = login(client, admin.username)
    answers = {}
    for rule in _rules_with_ids(client.application):
        if rule.rule.startswith("/api/"):
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            answers[f"{method} {rule.rule}"] = client.open(_url(rule, number), method=method,
                                                           headers={"X-CSRFToken": token}).status_code
    assert answers == {key: 404 for key in answers}


@pytest.mark.parametrize("number", HUGE_IDS)
def test_a_text_filter_past_the_range_is_invalid(client, session, admin, number):
    project = make_project(session)
    response = client.get(f"/api/v1/projects/{project.id}/agreement?text_ids={number}",
                          headers=bearer(session, admin))
    assert (response.status_code, list(response.json["errors"])) == (422, ["text_ids"])


def _integers_taken(spec: dict) -> list[tuple[str, dict]]:
    """(where, schema) of every integer the API reads from a query, path or body."""
    schemas = spec["components"]["schemas"]
    found: list[tuple[str, dict]] = []

    def walk(where: str, schema: dict) -> None:
        if "$ref" in schema:
            schema = schemas[schema["$ref"].rsplit("/", 1)[-1]]
        if schema.get("type") == "integer" and not schema.get("readOnly"):
            found.append((where, schema))
        for name, child in schema.get("properties", {}).items():
            walk(f"{where}.{name}", child)
        if isinstance(schema.get("items"), dict):
            walk(f"{where}[]", schema["items"])

    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if method == "parameters":
                continue
            for parameter in operation.get("parameters", []) + operations.get("parameters", []):
                walk(f"{method.upper()} {path} {parameter['name']}", parameter.get("schema", {}))
            for media, content in operation.get("requestBody", {}).get("content", {}).items():
                walk(f"{method.upper()} {path} body", content.get("schema", {}))
    return found


def test_every_integer_the_api_takes_fits_the_database(client):
    spec = client.get("/api/v1/openapi.json").json
    integers = _integers_taken(spec)
    assert len(integers) > 20
    unbounded = sorted(where for where, schema in integers if schema.get("maximum", float("inf")) > 2**31 - 1)
    assert unbounded == []
