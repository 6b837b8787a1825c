"""A release export started from the gold page runs in a real worker while the page shows a live progress bar."""
import threading

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from app.auth.service import create_user
from app.extensions import db
from tests.browser.conftest import PASSWORD, QuietHandler
from tests.browser.pages import login
from tests.conftest import create_postgres_database
from tests.jobs.workers import committed_app, populate, start_worker, stop, worker_config

pytestmark = pytest.mark.browser
TEXTS = 12_000


@pytest.fixture(params=["sqlite", "postgresql"])
def served(request, tmp_path):
    """An app on a real port and a `factspan worker` process sharing its database and queue."""
    drop = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'factspan.sqlite'}"
    else:
        url, drop = create_postgres_database()
    config = worker_config(url, tmp_path, JOB_EXPORT_CHUNK_TEXTS=4000)
    app = committed_app(config)
    project_id, _ = populate(app, texts=TEXTS)
    with app.app_context():
        create_user(db.session, username="jobs_reviewer", role="reviewer", password=PASSWORD)
        db.session.commit()
    http = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    worker = start_worker(config, log=tmp_path / "worker.log")
    try:
        yield f"http://127.0.0.1:{http.server_port}", project_id
    finally:
        stop(worker)
        http.shutdown()
        thread.join(timeout=10)
        http.server_close()
        with app.app_context():
            db.engine.dispose()
        if drop:
            drop()


def test_an_export_started_on_the_gold_page_shows_progress_and_completes(page, served):
    base_url, project_id = served
    login(page, base_url, "jobs_reviewer", PASSWORD)
    page.goto(f"{base_url}/projects/{project_id}/gold")
    form = page.get_by_test_id("export-job-form").first
    form.get_by_test_id("export-job-format").select_option("jsonl")
    with page.expect_navigation():
        form.get_by_test_id("export-job").click()
    progress = page.get_by_test_id("job-progress")
    expect(progress).to_be_visible()
    bar = page.get_by_test_id("job-progress-bar")
    expect(bar).to_be_visible()
    # The page follows the job without reloading: record every state and bar value it shows. (A fast machine
    # may finish the export between two polls, so "running" itself is not always on screen.)
    page.evaluate("""() => {
      window.seen = [];
      const note = () => window.seen.push([document.querySelector('[data-testid=job-state]').textContent.trim(),
                                           document.querySelector('[data-testid=job-progress-bar]').value]);
      note();
      new MutationObserver(note).observe(document.querySelector('[data-testid=job-progress]'),
                                         {subtree: true, childList: true, characterData: true, attributes: true});
    }""")
    expect(page.get_by_test_id("job-state")).to_have_text("succeeded", timeout=90_000)
    seen = page.evaluate("window.seen")
    assert seen[0][0] in ("queued", "running"), seen[0]
    values = [value for _, value in seen]
    assert values == sorted(values), "the bar never moves back"
    assert bar.evaluate("bar => [bar.value, bar.max]") == [TEXTS, TEXTS]
    expect(page.get_by_test_id("job-message")).to_contain_text(str(TEXTS))
    download_link = page.get_by_test_id("job-download")
    expect(download_link).to_be_visible()
    with page.expect_download() as download:
        download_link.click()
    with open(download.value.path(), "rb") as exported:
        assert sum(1 for _ in exported) == TEXTS
