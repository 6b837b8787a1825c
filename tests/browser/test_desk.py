"""Must-show of issue 10: the desk run from the browser, on SQLite and PostgreSQL.

The admin creates a user, creates a project, uploads a JSONL file with one broken line, follows the import job
to its report and reads that line's number and reason, assigns three annotators and watches the progress page
move once the new annotator, who first had to replace the one-time password, submits.
"""
import json
import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import make_user
from tests.browser.pages import READY, login, submit_annotation

pytestmark = pytest.mark.browser
LINES = [json.dumps({"id": f"desk-{i}", "title": f"Desk text {i}", "text": f"Xi invited Putin to visit China ({i})."})
         for i in range(3)]
BROKEN_LINE = 3
UPLOAD = "\n".join([*LINES[:2], '{"id": "broken", "text": "no closing brace"', LINES[2]]) + "\n"


def _follow_import_job(page) -> None:
    """From the job page the upload led to, wait for the worker to finish and open the import's report."""
    expect(page).to_have_url(re.compile(r"/jobs/\d+$"))
    expect(page.get_by_test_id("job-state")).to_have_text("succeeded", timeout=30_000)
    page.get_by_test_id("job-result").click()  # the page's polling shows the link once the job has succeeded
    expect(page).to_have_url(re.compile(r"/imports/\d+$"))


def _progress_cells(page, username: str) -> list[str]:
    row = page.locator(f"[data-testid=progress-{username}]")
    return [row.get_by_test_id(name).inner_text() for name in ("assigned", "in-progress", "submitted")]


@pytest.mark.parametrize("server", ["sqlite", "postgresql"], indirect=True)
def test_admin_runs_the_desk_and_a_new_annotator_chooses_a_password(server, page, context, console_errors):
    admin, admin_password = make_user(server, "admin")
    others = [make_user(server, "annotator")[0] for _ in range(2)]
    newcomer = f"newcomer_{uuid.uuid4().hex[:6]}"
    login(page, server.url, admin, admin_password)

    page.goto(f"{server.url}/admin/users")
    page.get_by_test_id("new-username").fill(newcomer)
    page.get_by_test_id("new-role").select_option("annotator")
    page.get_by_test_id("create-user").click()
    one_time_password = page.get_by_test_id("one-time-password-value").inner_text().strip()

    page.goto(f"{server.url}/projects/new")
    page.get_by_test_id("project-name").fill(f"Desk {uuid.uuid4().hex[:6]}")
    page.get_by_test_id("annotators-per-text").fill("3")
    page.get_by_test_id("create-project").click()
    expect(page).to_have_url(re.compile(r"/projects/\d+$"))
    project_url = page.url

    page.get_by_test_id("link-import").click()
    page.get_by_test_id("import-file").set_input_files(
        {"name": "desk.jsonl", "mimeType": "application/x-ndjson", "buffer": UPLOAD.encode()})
    page.get_by_test_id("import-submit").click()
    _follow_import_job(page)
    expect(page.get_by_test_id("imported-count")).to_have_text("3 text(s) imported")
    rejected = page.get_by_test_id("rejections").locator("tbody tr")
    expect(rejected).to_have_count(1)
    expect(rejected.get_by_test_id("rejected-line")).to_have_text(str(BROKEN_LINE))
    expect(rejected).to_contain_text("desk.jsonl")
    expect(rejected.locator("td").nth(2)).not_to_be_empty()

    page.goto(project_url)
    page.get_by_test_id("link-assignments").click()
    for username in (newcomer, *others):
        page.get_by_test_id(f"choose-{username}").check()
    page.get_by_test_id("assign-submit").click()
    expect(page.locator(".flash")).to_contain_text("Created 9 assignment(s).")

    page.goto(project_url)
    page.get_by_test_id("link-progress").click()
    assert _progress_cells(page, newcomer) == ["3", "0", "0"]
    expect(page.get_by_test_id("per-day-chart")).to_have_count(0)

    newcomer_context = context.browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        own = newcomer_context.new_page()
        console_errors.watch(own)
        login(own, server.url, newcomer, one_time_password)
        expect(own).to_have_url(re.compile(r"/account/password$"))
        own.goto(f"{server.url}/annotate/next")
        expect(own).to_have_url(re.compile(r"/account/password$"))  # nothing else until a password is chosen
        own.get_by_test_id("current-password").fill(one_time_password)
        own.get_by_test_id("new-password").fill("a password of my own choosing")
        own.get_by_test_id("save-password").click()
        own.goto(f"{server.url}/annotate/next")
        own.wait_for_selector(READY)
        submit_annotation(own)
        expect(own.get_by_test_id("annotation-status")).to_have_text("Submitted")
    finally:
        newcomer_context.close()

    page.reload()
    assert _progress_cells(page, newcomer) == ["3", "0", "1"]
    expect(page.get_by_test_id("per-day-chart").locator("svg")).to_be_visible()


def test_the_upload_shows_its_progress_and_a_refusal_in_place(server, page):
    admin, admin_password = make_user(server, "admin")
    login(page, server.url, admin, admin_password)
    page.goto(f"{server.url}/projects/new")
    page.get_by_test_id("project-name").fill(f"Upload {uuid.uuid4().hex[:6]}")
    page.get_by_test_id("create-project").click()
    page.get_by_test_id("link-import").click()
    import_page = page.url
    held, start_url = [], re.compile(r".*/projects/\d+/jobs$")
    page.route(start_url, lambda route: held.append(route) if route.request.method == "POST"
               else route.continue_())
    page.get_by_test_id("import-file").set_input_files(
        {"name": "big.jsonl", "mimeType": "application/x-ndjson", "buffer": ("\n".join(LINES * 2000)).encode()})
    page.get_by_test_id("import-submit").click()
    # Held back by the route, the request shows the bar (an intercepted upload reports no byte counts).
    expect(page.get_by_role("progressbar", name="Uploading")).to_be_visible()
    expect(page.get_by_test_id("import-submit")).to_be_disabled()
    held[0].continue_()
    page.unroute(start_url)
    _follow_import_job(page)
    expect(page.get_by_test_id("imported-count")).to_have_text("3 text(s) imported")
    expect(page.get_by_test_id("skipped-count")).to_have_text("5997 duplicate(s) skipped")

    page.goto(import_page)
    page.get_by_test_id("import-file").set_input_files({"name": "scan.pdf", "mimeType": "application/pdf",
                                                        "buffer": b"%PDF-1.4"})
    page.get_by_test_id("import-submit").click()
    expect(page.get_by_test_id("import-error")).to_contain_text("unsupported file type")
    expect(page.get_by_test_id("import-submit")).to_be_enabled()
