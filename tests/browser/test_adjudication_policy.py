"""The adjudication page: the policy in force, attribute disputes as conflicts, and the edit shown where it is made."""
import pytest
from playwright.sync_api import expect

from app.texts.models import Project
from app.texts.service import update_project_settings
from tests.browser.conftest import add_project_text, create_test_project, make_user, submit_spans
from tests.browser.pages import login, open_adjudicator, type_reason
from tests.browser.test_adjudication import at, decisions_of, gold_of, span
from tests.browser.test_layout import REACHABLE_JS

pytestmark = pytest.mark.browser
BOTH = pytest.mark.parametrize("server", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
                               indirect=True)
CONTENT = ("The conversation lasted 1 hour and 25 minutes, with Ushakov characterizing it as friendly. "
           "I think this shows a close alliance.")
AGREED = "The conversation lasted 1 hour and 25 minutes"
FRAMED = {"source": "russian_readout", "author_framing": True, "cue_text": "with Ushakov characterizing it as"}
PLAIN = {"source": "russian_readout", "author_framing": False}


def three_annotators(server, spans_by_annotator, settings=None):
    """A new project whose text three annotators submitted; returns (project id, text id, annotators)."""
    project_id = create_test_project(server)
    if settings:
        with server.db() as s:
            update_project_settings(s, project=s.get(Project, project_id), changes=settings)
    text_id = add_project_text(server, project_id, CONTENT)
    annotators = [server.make_annotator(text_id) for _ in spans_by_annotator]
    for annotator, spans in zip(annotators, spans_by_annotator):
        submit_spans(server, annotator, spans)
    return project_id, text_id, annotators


def start(server, page, text_id):
    login(page, server.url, *make_user(server, "reviewer"))
    page.goto(f"{server.url}/texts/{text_id}/adjudicate")
    with page.expect_navigation():
        page.click("[data-testid=start-adjudication]")
    open_adjudicator(page, server.url, text_id)


def test_the_page_shows_the_schemas_policy_by_default(server, page):
    inference = span(CONTENT, "I think this shows a close alliance", "author_inference", {"inference_type": "interpretation"})
    _, text_id, _ = three_annotators(server, [[inference], [], []])
    start(server, page, text_id)

    tally = page.get_by_test_id("tally")
    expect(tally).to_contain_text("Votes (2 of 3 needed)")
    expect(page.get_by_test_id("policy")).to_have_text(
        " · policy majority (from the annotation schema), at least 2 annotators")


def test_the_page_shows_the_projects_own_policy_and_minimum(server, page):
    inference = span(CONTENT, "I think this shows a close alliance", "author_inference", {"inference_type": "interpretation"})
    _, text_id, _ = three_annotators(server, [[inference], [inference], []],
                                     settings={"adjudication": {"policy": "unanimous", "min_annotators": 3}})
    start(server, page, text_id)

    expect(page.get_by_test_id("tally")).to_contain_text("Votes (3 of 3 needed)")
    expect(page.get_by_test_id("policy")).to_have_text(" · policy unanimous (set for this project), at least 3 annotators")


@BOTH
def test_same_span_with_other_attributes_is_a_conflict_on_attributes_settled_by_the_reviewer(server, page):
    _, text_id, annotators = three_annotators(server, [
        [span(CONTENT, AGREED, "sourced_readout", FRAMED)],
        [span(CONTENT, AGREED, "sourced_readout", PLAIN)],
        [span(CONTENT, AGREED, "sourced_readout", {"source": "russian_readout"})],
    ])
    start(server, page, text_id)

    item = page.get_by_test_id("conflict-item")
    expect(item).to_be_visible()  # under the default "Conflicts" filter
    expect(item).to_contain_text("attributes differ: Author framing, Attribution cue")
    expect(page.get_by_test_id("item-heading")).to_have_text("Conflict on attributes")
    expect(page.get_by_test_id("attribute-dispute")).to_contain_text("Attributes differ: Author framing, Attribution cue")

    names = sorted(a.username for a in annotators)
    page.keyboard.press(str(names.index(annotators[0].username) + 1))
    expect(page.get_by_test_id("adjudication-status")).to_have_text("Adjudicated")
    # The accepted annotator's attributes go into the gold; everyone who marked the span is its proposer.
    assert gold_of(server, text_id) == {(*at(CONTENT, AGREED), "sourced_readout"): (FRAMED, names)}


def test_a_decision_without_a_reason_reads_cleanly(server, page):
    inference = span(CONTENT, "I think this shows a close alliance", "author_inference", {"inference_type": "interpretation"})
    _, text_id, _ = three_annotators(server, [[inference], [], []])
    start(server, page, text_id)

    page.click("[data-testid=no-span]")
    page.click("[data-testid=conflict-item]")

    info = page.get_by_test_id("decision-info")
    expect(info).to_contain_text("No span: nothing to annotate here")
    assert "null" not in info.inner_text()
    assert [d[3] for d in decisions_of(server, text_id).values()] == [""]


def test_reject_all_and_no_span_say_what_each_records(server, page):
    inference = span(CONTENT, "I think this shows a close alliance", "author_inference", {"inference_type": "interpretation"})
    _, text_id, _ = three_annotators(server, [[inference], [], []])
    start(server, page, text_id)

    expect(page.locator("#fs-reject-all-help")).to_contain_text("every proposal is wrong")
    expect(page.locator("#fs-no-span-help")).to_contain_text("nothing here should be annotated")
    assert page.get_by_test_id("reject-all").get_attribute("aria-describedby") == "fs-reject-all-help"


def test_an_edit_shows_in_the_text_names_the_source_and_covers_no_field(server, page):
    wide = "The conversation lasted 1 hour and 25 minutes, with Ushakov"
    _, text_id, annotators = three_annotators(server, [
        [span(CONTENT, wide, "sourced_readout", PLAIN)],
        [span(CONTENT, AGREED, "sourced_readout", PLAIN)],
        [],
    ])
    start(server, page, text_id)
    type_reason(page, "The frame stays out")

    page.keyboard.press("e")
    page.click(f"[data-testid=edit-from][data-source={annotators[0].username}]")
    expect(page.locator("[data-testid=document-text] mark.fs-edit")).to_have_text(wide)
    for _ in range(2):
        page.keyboard.press("Shift+BracketLeft")  # { moves the end a word left
    edited = page.locator("[data-testid=document-text] mark.fs-edit")
    expect(edited).to_have_text(AGREED)

    source = page.locator("[data-testid=item-editor] [data-testid=attribute-field][data-attribute=source] input")
    expect(source).to_have_value("Russian readout")
    controls = page.locator("[data-testid=item-editor] :is(button, input, select)")
    for i in range(controls.count()):
        assert controls.nth(i).evaluate(REACHABLE_JS) == "ok", controls.nth(i).evaluate("e => e.outerHTML.slice(0, 80)")
