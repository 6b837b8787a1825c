"""The text browser's service and API: search, filters, sort orders and keyset pages on both databases."""
import pytest

from app.annotations.saving import save_annotation_set
from app.annotations.service import submit_annotation_set
from app.annotations.spans import SpanInput
from app.desk.text_search import TextQuery, search_texts
from app.errors import Invalid
from app.gold.models import AdjudicationItem
from tests.factories import bearer, make_assignment, make_project, make_text, make_user

TEXTS = [
    ("Summit readout", "Xi invited Putin to visit China. The talks lasted an hour."),
    ("Editorial", "I think the exercise was discussed at length."),
    ("Energy deal", "Gazprom and CNPC signed a pipeline agreement."),
    ("Analysis", "Putin's motives remain unclear; the pipeline may never be built."),
]


@pytest.fixture
def corpus(session):
    project = make_project(session, annotators_per_text=2)
    texts = [make_text(session, project, content, title=title) for title, content in TEXTS]
    return project, texts


def ids(session, project, **query):
    return [row.id for row in search_texts(session, project_id=project.id, query=TextQuery(**query)).rows]


def test_every_word_must_occur_in_the_title_or_text(session, corpus):
    project, texts = corpus
    assert ids(session, project, q="pipeline") == [texts[2].id, texts[3].id]
    assert ids(session, project, q="pipeline Gazprom") == [texts[2].id]
    assert ids(session, project, q="editorial") == [texts[1].id]


def test_the_last_word_matches_as_a_prefix_and_punctuation_is_not_syntax(session, corpus):
    project, texts = corpus
    assert ids(session, project, q="Gazp") == [texts[2].id]
    assert ids(session, project, q='"pipeline" -(Gazprom*') == [texts[2].id]


def test_texts_of_other_projects_are_not_found(session, corpus):
    project, _ = corpus
    other = make_project(session)
    make_text(session, other, "Another pipeline story.")
    assert len(ids(session, project, q="pipeline")) == 2


def test_keyset_pages_cover_every_text_once_in_each_order(session, corpus):
    project, texts = corpus
    for sort, expected in (("id", [t.id for t in texts]), ("-id", [t.id for t in reversed(texts)]),
                           ("title", [t.id for t in sorted(texts, key=lambda t: t.title)]),
                           ("length", [t.id for t in sorted(texts, key=lambda t: (t.char_count, t.id))])):
        seen, after = [], None
        while True:
            page = search_texts(session, project_id=project.id, query=TextQuery(sort=sort, after=after, limit=3))
            seen += [row.id for row in page.rows]
            if page.next_cursor is None:
                break
            after = page.next_cursor
        assert seen == expected, sort


def test_a_forged_cursor_is_refused(session, corpus):
    project, _ = corpus
    with pytest.raises(Invalid, match="not valid"):
        search_texts(session, project_id=project.id, query=TextQuery(after="not-a-cursor!"))


def test_status_filters(session, corpus):
    project, texts = corpus
    annotator = make_user(session)
    started = make_assignment(session, text=texts[0], annotator=annotator)
    done = make_assignment(session, text=texts[1], annotator=annotator)
    save_annotation_set(session, annotation_set_id=done.annotation_set.id, user=annotator, version=1,
                        spans=[SpanInput(0, 1, "author_inference", {"inference_type": "speculation"})])
    submit_annotation_set(session, annotation_set_id=done.annotation_set.id, user=annotator, version=2)
    assert started.status == "not_started"
    assert ids(session, project, status="annotating") == [texts[0].id]
    assert ids(session, project, status="submitted") == [texts[1].id]
    assert ids(session, project, status="unassigned") == [texts[2].id, texts[3].id]
    assert ids(session, project, label="author_inference") == [texts[1].id]
    assert ids(session, project, label="sourced_readout") == []


def test_agreement_adjudication_and_conflict_filters(session, corpus):
    project, texts = corpus
    texts[0].agreement, texts[1].agreement = 0.2, 0.9
    texts[2].adjudication_status = "in_progress"
    for text, kind in ((texts[2], "conflict"), (texts[3], "agreed")):
        session.add(AdjudicationItem(text_id=text.id, start=0, end=5, kind=kind, status="open", proposals=[],
                                     annotators=[]))
    session.flush()
    assert ids(session, project, agreement_below=0.5) == [texts[0].id]
    assert ids(session, project, sort="agreement") == [texts[0].id, texts[1].id]
    assert ids(session, project, adjudication="in_progress") == [texts[2].id]
    assert ids(session, project, open_conflicts=True) == [texts[2].id]


def test_the_api_pages_with_next_cursor(client, session, corpus):
    project, texts = corpus
    headers = bearer(session, make_user(session, role="editor"))
    first = client.get(f"/api/v1/projects/{project.id}/texts/browse?limit=2&q=the", headers=headers).get_json()
    assert [t["id"] for t in first["texts"]] == [texts[0].id, texts[1].id] and first["next_cursor"]
    second = client.get(f"/api/v1/projects/{project.id}/texts/browse?limit=2&q=the&after={first['next_cursor']}",
                        headers=headers).get_json()
    assert [t["id"] for t in second["texts"]] == [texts[3].id] and second["next_cursor"] is None


def test_the_api_refuses_a_bad_sort_and_annotators(client, session, corpus):
    project, _ = corpus
    bad = client.get(f"/api/v1/projects/{project.id}/texts/browse?sort=random",
                     headers=bearer(session, make_user(session, role="reviewer")))
    assert bad.status_code == 422 and bad.get_json()["errors"]
    blind = client.get(f"/api/v1/projects/{project.id}/texts/browse", headers=bearer(session, make_user(session)))
    assert blind.status_code == 403


def test_the_page_links_the_next_page_and_the_text_page(client, session, corpus):
    project, texts = corpus
    headers = bearer(session, make_user(session, role="reviewer"))
    html = client.get(f"/projects/{project.id}/texts?q=pipeline&limit=1", headers=headers).get_data(as_text=True)
    assert html.count('data-testid="text-row"') == 1 and 'data-testid="next-page"' in html
    assert f'href="/texts/{texts[2].id}"' in html
    page = client.get(f"/texts/{texts[2].id}", headers=headers).get_data(as_text=True)
    assert "Energy deal" in page and f'href="/texts/{texts[2].id}/adjudicate"' in page


def test_the_page_shows_a_bad_filter_as_a_message(client, session, corpus):
    project, _ = corpus
    response = client.get(f"/projects/{project.id}/texts?agreement_below=low",
                          headers=bearer(session, make_user(session, role="reviewer")))
    assert response.status_code == 422 and 'data-testid="browse-error"' in response.get_data(as_text=True)
