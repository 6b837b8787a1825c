"""Editor pages: home with queue counts, queue, review page, sources, summary, printable article, gold view."""
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from app.review.workflow import create_verdict, publish_verdict
from app.texts.service import update_project_settings
from tests.factories import PASSWORD, bearer, make_user
from tests.review.conftest import claim_for
from tests.review.readouts import RUSSIAN_READOUT

CLAIM = "The conversation lasted"
MOTIVE = "Because Putin wanted"


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href and not href.startswith(("http", "#", "mailto:")):
            self.hrefs.append(href)


def get(client, session, path, user):
    return client.get(path, headers=bearer(session, user))


def test_editor_home_counts_claims_per_status(client, session, desk):
    project, editors, _ = desk
    html = get(client, session, "/", editors["author"]).get_data(as_text=True)
    row = re.search(rf'data-project-id="{project.id}">(.*?)</tr>', html, re.S).group(1)
    assert re.search(r'data-testid="count-unreviewed">(\d+)<', row).group(1) != "0"
    assert "Adjudicate" not in html and 'data-testid="project-table"' not in html


def test_no_link_an_editor_sees_answers_403(client, session, desk):
    """Follow every link of the pages an editor reaches from home, two clicks deep."""
    project, editors, _ = desk
    user = editors["author"]
    claim = claim_for(session, project, CLAIM)
    seen, frontier = set(), ["/", f"/claims/{claim.id}", f"/projects/{project.id}/gold"]
    for _ in range(2):
        found = []
        for path in frontier:
            if path in seen:
                continue
            seen.add(path)
            response = get(client, session, path, user)
            assert response.status_code != 403, path
            if response.mimetype == "text/html":
                parser = Links()
                parser.feed(response.get_data(as_text=True))
                found += [urlsplit(href).path + (f"?{urlsplit(href).query}" if urlsplit(href).query else "")
                          for href in parser.hrefs]
        frontier = found
    assert any(path.startswith("/texts/") and path.endswith("/gold") for path in seen)


def test_queue_lists_claims_with_stable_hooks_and_flags(client, session, desk):
    project, editors, _ = desk
    html = get(client, session, f"/projects/{project.id}/review", editors["author"]).get_data(as_text=True)
    assert 'data-testid="review-queue"' in html
    items = re.findall(r'data-testid="review-item" data-claim-id="(\d+)" data-label="(\w+)" data-status="(\w+)"', html)
    assert {label for _, label, _ in items} == {"sourced_readout", "unverifiable_claim"}
    assert html.count('data-testid="weak-flag"') >= 2


def test_queue_filter_by_label(client, session, desk):
    project, editors, _ = desk
    html = get(client, session, f"/projects/{project.id}/review?label=unverifiable_claim",
               editors["author"]).get_data(as_text=True)
    assert html.count('data-testid="review-item"') == 2


def test_review_page_shows_the_source_with_the_matching_passage(client, session, desk):
    project, editors, sources = desk
    claim = claim_for(session, project, CLAIM)
    html = get(client, session, f"/claims/{claim.id}", editors["author"]).get_data(as_text=True)
    marks = re.findall(r'data-testid="source-match" data-source-id="(\d+)" data-start="(\d+)" data-end="(\d+)" '
                       r'data-score="([\d.]+)"', html)
    source_id, start, end, score = marks[0]
    assert RUSSIAN_READOUT[int(start):int(end)] == "The conversation lasted 1 hour and 25 minutes"
    assert (int(source_id), float(score)) == (sources["russian"].id, 100.0)
    for hook in ("verdict-form", "rating-select", "claim-history"):
        assert f'data-testid="{hook}"' in html


def test_review_page_is_csp_clean(client, session, desk):
    project, editors, _ = desk
    html = get(client, session, f"/claims/{claim_for(session, project, CLAIM).id}", editors["author"]).get_data(
        as_text=True)
    assert "style=" not in html and not re.search(r"\son[a-z]+=", html)
    assert re.findall(r"<script(?![^>]*(type=\"module\" src=|type=\"application/json\"))", html) == []


def test_author_sees_no_signoff_button_and_second_editor_does(client, session, desk):
    project, editors, _ = desk
    claim = claim_for(session, project, CLAIM)
    verdict = create_verdict(session, claim=claim, user=editors["author"], fields={
        "check_type": "attribution_fidelity", "rating": "accurate", "claim_reviewed": "85 minutes"})
    from app.review.workflow import submit_verdict
    submit_verdict(session, verdict=verdict, user=editors["author"], version=verdict.lock_version)
    assert 'data-testid="signoff-button"' not in get(client, session, f"/claims/{claim.id}",
                                                      editors["author"]).get_data(as_text=True)
    assert 'data-testid="signoff-button"' in get(client, session, f"/claims/{claim.id}",
                                                  editors["second"]).get_data(as_text=True)


@pytest.mark.parametrize("path", ["/projects/{project}/review", "/claims/{claim}", "/projects/{project}/sources",
                                  "/projects/{project}/review/summary", "/texts/{text}/review/article"])
def test_annotators_cannot_open_review_pages(client, session, desk, path):
    project, _, _ = desk
    claim = claim_for(session, project, CLAIM)
    response = get(client, session, path.format(project=project.id, claim=claim.id, text=claim.text_id),
                   make_user(session, "annotator"))
    assert response.status_code == 403


def test_reviewers_may_read_the_summary_but_not_the_desk(client, session, desk):
    project, _, _ = desk
    reviewer = make_user(session, "reviewer")
    assert get(client, session, f"/projects/{project.id}/review/summary", reviewer).status_code == 200
    assert get(client, session, f"/projects/{project.id}/review", reviewer).status_code == 403


def test_editor_reads_the_gold_of_a_text(client, session, desk):
    project, editors, _ = desk
    claim = claim_for(session, project, CLAIM)
    html = get(client, session, f"/texts/{claim.text_id}/gold", editors["author"]).get_data(as_text=True)
    assert f'data-start="{claim.start}" data-end="{claim.end}"' in html
    assert "/adjudicate" not in html


def test_annotators_cannot_read_the_gold_view(client, session, desk):
    project, _, _ = desk
    claim = claim_for(session, project, CLAIM)
    assert get(client, session, f"/texts/{claim.text_id}/gold", make_user(session, "annotator")).status_code == 403


def test_printable_article_shows_each_verdict_beside_its_span(client, session, desk):
    project, editors, _ = desk
    update_project_settings(session, project=project, changes={"review_signoff": False})
    readout, motive = claim_for(session, project, CLAIM), claim_for(session, project, MOTIVE)
    create_verdict(session, claim=readout, user=editors["author"], fields={
        "check_type": "attribution_fidelity", "rating": "accurate", "claim_reviewed": "85-minute call"})
    unverifiable = create_verdict(session, claim=motive, user=editors["author"], fields={
        "check_type": "factual_accuracy", "rating": "unverifiable", "claim_reviewed": "Putin called Xi first to brief him"},
        evidence=[{"kind": "external", "url": "https://example.org/briefing", "title": "Briefing transcript",
                   "quoted_passage": "No reason for the order of the calls was given."}])
    publish_verdict(session, verdict=unverifiable, user=editors["author"], version=unverifiable.lock_version)
    html = get(client, session, f"/texts/{readout.text_id}/review/article", editors["author"]).get_data(as_text=True)
    notes = dict(re.findall(r'data-testid="article-verdict" data-note="(\d+)" data-claim-id="(\d+)"', html))
    assert sorted(notes.values()) == sorted([str(readout.id), str(motive.id)])
    spans = re.findall(r'data-testid="article-span" data-label="(\w+)" data-color="[^"]+" data-note="(\d+)"', html)
    assert sorted(label for label, _ in spans) == ["sourced_readout", "unverifiable_claim"]
    assert "Briefing transcript" in html and "css/review.css" in html


def test_summary_shows_label_shares_and_rating_counts(client, session, desk):
    project, editors, _ = desk
    create_verdict(session, claim=claim_for(session, project, MOTIVE), user=editors["author"],
                   fields={"check_type": "factual_accuracy", "rating": "unverifiable"})
    html = get(client, session, f"/projects/{project.id}/review/summary", editors["author"]).get_data(as_text=True)
    assert re.search(r'data-label="unlabelled">\d+\.\d%', html)
    assert 'data-testid="rating-row" data-rating="unverifiable"' in html


def login(client, user):
    html = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    client.post("/login", data={"username": user.username, "password": PASSWORD, "csrf_token": token})
    return token


def test_editor_pastes_a_source_on_the_page(client, session, desk):
    project, editors, _ = desk
    token = login(client, editors["author"])
    response = client.post(f"/projects/{project.id}/sources", data={
        "csrf_token": token, "title": "Briefing notes", "content": "The aide spoke for ten minutes.",
        "linked_values": "other_official", "publisher": "Agency"})
    assert response.status_code == 302
    html = client.get(f"/projects/{project.id}/sources").get_data(as_text=True)
    assert "Briefing notes" in html and "other_official" in html


def test_editor_builds_the_queue_on_the_page(client, session, desk):
    project, editors, _ = desk
    token = login(client, editors["author"])
    response = client.post(f"/projects/{project.id}/review/build", data={"csrf_token": token, "release": "v1"})
    assert response.status_code == 302
    assert "0 new claim(s)" in client.get(response.headers["Location"]).get_data(as_text=True)
