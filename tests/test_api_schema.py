"""A bounded schemathesis run over the OpenAPI document, as every role: no 5xx, no answer off its schema."""
import os
import re

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.core.failures import FailureGroup

from app.idempotency.decorators import KEY_PARAMETER
from tests.factories import bearer, make_assignment, make_project, make_text, make_user

ROLES = ("annotator", "reviewer", "editor", "admin")
CONFIG = SchemathesisConfig.from_dict({
    "checks": {"enabled": False, "not_a_server_error": {"enabled": True},
               "status_code_conformance": {"enabled": True}, "content_type_conformance": {"enabled": True},
               "response_schema_conformance": {"enabled": True}, "response_headers_conformance": {"enabled": True}},
})
# The annotation import takes JSONL text; generated strings are sent as they are.
schemathesis.serializer.alias("application/x-ndjson", "text/plain")
# Few examples per operation and derandomised: the run is bounded and the same every time.
BOUNDED = settings(max_examples=3, derandomize=True, deadline=None, database=None,
                   suppress_health_check=list(HealthCheck))


def _existing_ids(session, role: str) -> tuple[dict[str, int | str], dict[str, str]]:
    """Path parameters naming things that exist, and a token of the role."""
    annotator = make_user(session)
    user = annotator if role == "annotator" else make_user(session, role=role)
    project = make_project(session)
    text = make_text(session, project)
    assignment = make_assignment(session, text=text, annotator=annotator)
    session.flush()
    ids = {"project_id": project.id, "text_id": text.id, "assignment_id": assignment.id,
           "annotation_set_id": assignment.annotation_set.id,
           "version_id": project.annotation_schema_version_id, "name": "v1"}
    return ids, bearer(session, user)


@pytest.mark.parametrize("role", ROLES)
def test_api_answers_as_documented(app, session, role):
    ids, headers = _existing_ids(session, role)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=CONFIG)
    # Authenticated as the role, or the run would test little beyond the 401 answer.
    assert schema["/api/v1/me"]["GET"].Case().call(headers=headers).json()["role"] == role
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        existing = {name: ids[name] for name in re.findall(r"{(\w+)}", operation.path) if name in ids}
        # Generated ids mostly name nothing (404); the same ids pinned to real rows reach the services.
        for pinned in ({}, existing) if existing else ({},):

            @BOUNDED
            @given(case=operation.as_strategy(path_parameters=pinned))
            def answers_as_documented(case):
                case.call_and_validate(headers=headers)

            try:
                answers_as_documented()
            except (Exception, FailureGroup) as exc:  # report every operation that fails, not only the first
                failures.append(f"{operation.label} {pinned or ''}: {exc}")
    assert not failures, "\n\n".join(failures)


def test_every_route_that_honours_the_idempotency_key_documents_it(app):
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    honouring = [rule for rule in app.url_map.iter_rules()
                 if getattr(app.view_functions[rule.endpoint], "honours_idempotency_key", False)]
    # The mark reaches Flask's view functions through every decorator above `idempotent`.
    assert {rule.endpoint for rule in honouring} >= {"annotations_api.save_annotation_set",
                                                     "annotations_api.submit_annotation_set", "gold_api.decide",
                                                     "texts_api.import_texts"}
    undocumented = [
        f"{method} {rule.rule}" for rule in honouring for method in sorted(rule.methods - {"HEAD", "OPTIONS"})
        if KEY_PARAMETER not in spec["paths"][re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)][method.lower()]
        .get("parameters", [])]
    assert not undocumented


def test_hypothesis_is_derandomised_under_ci():
    assert settings.get_profile("ci").derandomize
    assert settings.default.derandomize is (os.environ.get("CI") == "true")
