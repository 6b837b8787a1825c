"""Attributes with an open list (the readout's source): names shown, ids stored, new values marked, saved on commit."""
import pytest
from playwright.sync_api import expect

from tests.browser.pages import attribute_input, dom_index, drag, start_annotating, wait_saved

pytestmark = pytest.mark.browser
BOTH = pytest.mark.parametrize("server", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
                               indirect=True)
PHRASE = "The conversation lasted 1 hour and 25 minutes"


def new_readout(server, page):
    annotator = server.make_annotator()
    start_annotating(page, server.url, annotator)
    drag(page, *dom_index(page, PHRASE))
    page.keyboard.press("1")
    wait_saved(page)
    return annotator.work[0].annotation_set_id


def history_values(page, server, set_id):
    """Every source value any saved version of the set held."""
    events = page.request.get(f"{server.url}/api/v1/annotation-sets/{set_id}/history").json()
    spans = [s for e in events for part in ("added", "changed") for s in e["changes"].get(part, [])]
    return [(s.get("after") or s)["attributes"].get("source") for s in spans]


@BOTH
def test_a_typed_display_name_is_stored_as_the_choices_id_and_shown_as_its_name(server, page):
    set_id = new_readout(server, page)
    source = attribute_input(page, "source")

    source.press_sequentially("Russian readout", delay=30)
    source.press("Enter")
    wait_saved(page)

    assert server.stored_spans(set_id)[0][3]["source"] == "russian_readout"
    expect(source).to_have_value("Russian readout")
    expect(page.get_by_test_id("other-value")).to_have_count(0)


@BOTH
def test_half_typed_values_are_never_saved(server, page):
    set_id = new_readout(server, page)
    source = attribute_input(page, "source")

    source.press_sequentially("Rus", delay=30)
    page.wait_for_timeout(1500)  # longer than autosave's pause
    source.press_sequentially("sian readout", delay=30)
    source.press("Tab")
    wait_saved(page)

    assert history_values(page, server, set_id) == [None, "russian_readout"]


def test_picking_a_choice_from_the_list_by_keyboard_stores_its_id(server, page):
    set_id = new_readout(server, page)
    source = attribute_input(page, "source")

    source.focus()
    source.press_sequentially("chin", delay=30)
    expect(page.get_by_role("option", name="Chinese readout")).to_be_visible()
    source.press("ArrowDown")
    source.press("Enter")
    wait_saved(page)

    assert server.stored_spans(set_id)[0][3]["source"] == "chinese_readout"
    expect(source).to_have_value("Chinese readout")


@BOTH
def test_a_value_in_no_choice_is_kept_as_typed_and_marked_other(server, page):
    set_id = new_readout(server, page)
    source = attribute_input(page, "source")

    source.press_sequentially("Russian MFA", delay=30)
    expect(page.get_by_role("option", name="Other: “Russian MFA”")).to_be_visible()
    source.press("Enter")
    wait_saved(page)

    assert server.stored_spans(set_id)[0][3]["source"] == "Russian MFA"
    expect(page.get_by_test_id("other-value")).to_have_text("other: Russian MFA")
