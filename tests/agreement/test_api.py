"""Agreement API: reports for reviewers and editors, filters, one error shape."""
import pytest

from tests.agreement.helpers import staff, three_way
from tests.factories import bearer


@pytest.fixture
def project(session):
    return three_way(session)


def url(project_id, query=""):
    return f"/api/v1/projects/{project_id}/agreement{query}"


@pytest.mark.parametrize("role", ["reviewer", "editor", "admin"])
def test_staff_get_the_report(client, session, project, role):
    response = client.get(url(project.project.id, "?bootstrap=20"), headers=bearer(session, staff(session, role)))
    assert response.status_code == 200, response.json
    assert response.json["documents"] == 1
    assert response.json["bootstrap"]["samples"] == 20
    assert response.json["annotators"] == sorted(project.names())


def test_filters_comma_separated_and_repeated(client, session, project):
    names = project.names()
    query = f"?labels=sourced_readout&annotators={names[0]},{names[1]}&annotators={names[2]}&include_drafts=true" \
            f"&text_ids={project.texts[0].id}&bootstrap=0"
    response = client.get(url(project.project.id, query), headers=bearer(session, staff(session)))
    assert response.status_code == 200, response.json
    assert response.json["labels"] == ["sourced_readout"]
    assert response.json["scope"]["annotators"] == sorted(names)
    assert response.json["span_f1_exact_mean"] == pytest.approx(1.0)


def test_annotators_are_forbidden(client, session, project):
    response = client.get(url(project.project.id), headers=bearer(session, project.annotators[0]))
    assert response.status_code == 403
    assert response.json["reason"] == "forbidden"


def test_unknown_project_is_404(client, session):
    response = client.get(url(10**9), headers=bearer(session, staff(session)))
    assert response.status_code == 404 and response.json["reason"] == "not_found"


@pytest.mark.parametrize("query, field", [
    ("?labels=not_a_label", "labels"),
    ("?annotators=ghost", "annotators"),
    ("?bootstrap=9999", "bootstrap"),
    ("?text_ids=abc", "text_ids"),
])
def test_bad_filter_is_422(client, session, project, query, field):
    response = client.get(url(project.project.id, query), headers=bearer(session, staff(session)))
    assert response.status_code == 422
    assert field in response.json["errors"]
    assert response.json["message"]


def test_unknown_label_message_names_it(client, session, project):
    response = client.get(url(project.project.id, "?labels=not_a_label"),
                          headers=bearer(session, staff(session)))
    assert "not_a_label" in response.json["message"] and response.json["reason"] == "invalid_filter"


def test_text_agreement(client, session, project):
    text_id = project.texts[0].id
    response = client.get(f"/api/v1/texts/{text_id}/agreement", headers=bearer(session, staff(session, "editor")))
    assert response.status_code == 200
    assert response.json["char_alpha_nominal_per_doc"].keys() == {str(text_id)}
    assert client.get("/api/v1/texts/999999999/agreement",
                      headers=bearer(session, staff(session, "editor"))).status_code == 404
