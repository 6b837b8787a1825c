"""The schema's span rules on the server: a save with a heading inside a span, or a span across a sentence, is a 422."""
import pytest

from tests.factories import bearer, make_assignment, make_project, make_text, make_user

HEADED = "Bilateral Ties: The leaders reaffirmed the partnership. Trade grew.\nThey discussed trade. 北京会谈继续。"


@pytest.fixture
def annotation(session):
    project = make_project(session)
    text = make_text(session, project, HEADED)
    annotator = make_user(session)
    return annotator, make_assignment(session, text=text, annotator=annotator).annotation_set.id


def put(client, session, annotation, phrase):
    annotator, set_id = annotation
    start = HEADED.index(phrase)
    span = {"start": start, "end": start + len(phrase), "label": "author_inference",
            "attributes": {"inference_type": "interpretation"}}
    return client.put(f"/api/v1/annotation-sets/{set_id}", json={"version": 1, "spans": [span]},
                      headers=bearer(session, annotator))


def test_a_span_that_includes_a_heading_is_refused(client, session, annotation):
    response = put(client, session, annotation, "Bilateral Ties: The leaders reaffirmed the partnership")
    assert response.status_code == 422
    assert response.json["reason"] == "span_rule"
    assert "“Bilateral Ties:”" in response.json["errors"]["spans"]["0"]["heading"][0]


def test_the_same_span_without_its_heading_is_saved(client, session, annotation):
    assert put(client, session, annotation, "The leaders reaffirmed the partnership").status_code == 200


def test_a_span_across_a_sentence_is_refused(client, session, annotation):
    response = put(client, session, annotation, "reaffirmed the partnership. Trade grew")
    assert response.status_code == 422
    assert response.json["errors"]["spans"]["0"]["sentence"][0].startswith("The span crosses a sentence boundary")


def test_a_span_across_a_sentence_before_cjk_text_is_refused(client, session, annotation):
    response = put(client, session, annotation, "They discussed trade. 北京会谈")
    assert response.status_code == 422
    assert "“北京会谈继续。" in response.json["errors"]["spans"]["0"]["sentence"][0]
