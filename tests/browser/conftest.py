"""Browser fixtures: the real app served from a thread, Debian's Chromium, one fresh context per test."""
import itertools
import logging
import os
import re
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.serving import WSGIRequestHandler, make_server

from app import REPO_ROOT, create_app
from app.annotations.assignments import create_assignment
from app.annotation_schemas.service import latest_schema_version
from app.annotations.models import AnnotationEvent, AnnotationSet, Assignment
from app.annotations.saving import save_annotation_set
from app.annotations.service import submit_annotation_set
from app.annotations.spans import SpanInput
from app.auth.service import create_user, require_user
from app.bootstrap import initialize
from app.extensions import db, session
from app.migrate import upgrade_to_head
from app.texts.models import Project, Text
from app.texts.readers import make_record
from app.texts.service import create_project, get_project_by_name, import_records
from tests.conftest import create_postgres_database

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
DEMO_PASSWORD = "demo-browser-pass"
PASSWORD = "browser test password"
SEED_PROJECT = "Seed project"
SEED_EXTERNAL_ID = "putin-xi-call-2026-02-04"
ARTIFACTS = REPO_ROOT / "test-artifacts"
# The page reports CSP violations as console errors, so the console listener catches them too.
CSP_REPORTER = """document.addEventListener('securitypolicyviolation', (e) =>
  console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`));"""
_names = itertools.count(1)


@dataclass(frozen=True)
class Work:
    """One assignment of a test annotator."""

    assignment_id: int
    annotation_set_id: int
    text_id: int
    content: str


@dataclass(frozen=True)
class Annotator:
    username: str
    password: str
    work: list[Work]


class QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs) -> None:
        return


class JobWorker(threading.Thread):
    """Runs the jobs the pages queue, as `factspan worker` does, in a thread beside the server."""

    def __init__(self, app) -> None:
        super().__init__(name="browser-job-worker", daemon=True)
        self.huey = app.extensions["factspan_jobs"].huey
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            task = self.huey.dequeue()
            if task is None:
                self.stopped.wait(0.05)
                continue
            try:
                self.huey.execute(task)
            except Exception:  # the job row says what failed; the worker goes on, as a real one does
                logging.getLogger(__name__).exception("browser job worker: task failed")


class LiveServer:
    """The app on a real port with a job worker, plus data helpers that go through the services and commit."""

    def __init__(self, database_url: str, folder: Path) -> None:
        self.app = create_app({
            "TESTING": False,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "browser-" + uuid.uuid4().hex,
            "DEMO_PASSWORD": DEMO_PASSWORD,
            "LOGIN_LIMIT_PER_ACCOUNT": "10000 per minute",
            "LOGIN_LIMIT_PER_ADDRESS": "10000 per minute",
            # The job queue, downloads and uploads stay in the test's folder.
            "QUEUE_SQLITE_PATH": str(folder / "queue.sqlite"),
            "JOBS_DIR": str(folder / "jobs"),
            "UPLOADS_DIR": str(folder / "uploads"),
        })
        with self.db() as s:
            upgrade_to_head(db.engine)
            initialize(s, schemas_dir=REPO_ROOT / "annotation_schemas", seed_dir=REPO_ROOT / "seed_texts",
                       project_name=SEED_PROJECT, demo=True, demo_password=DEMO_PASSWORD)
        self.http = make_server("127.0.0.1", 0, self.app, threaded=True, request_handler=QuietHandler)
        self.url = f"http://127.0.0.1:{self.http.server_port}"
        self.thread = threading.Thread(target=self.http.serve_forever, daemon=True)
        self.thread.start()
        self.worker = JobWorker(self.app)
        self.worker.start()

    def stop(self) -> None:
        self.worker.stopped.set()
        self.worker.join(timeout=30)
        self.http.shutdown()
        self.thread.join(timeout=10)
        self.http.server_close()
        with self.app.app_context():
            db.engine.dispose()

    @contextmanager
    def db(self) -> Iterator[Session]:
        """A session in an app context, committed on success."""
        with self.app.app_context():
            s = session()
            try:
                yield s
                s.commit()
            except BaseException:
                s.rollback()
                raise

    def seed_text(self) -> tuple[int, str]:
        with self.db() as s:
            text = s.scalars(select(Text).where(Text.external_id == SEED_EXTERNAL_ID)).one()
            return text.id, text.content

    def add_text(self, content: str, title: str = "Browser test text") -> int:
        """A text in the seed project (an existing one when the content is already there)."""
        with self.db() as s:
            project = get_project_by_name(s, SEED_PROJECT)
            record = make_record(content, "browser-test", title=title)
            import_records(s, project=project, records=[record], source="browser-test")
            return s.scalars(select(Text.id).where(Text.project_id == project.id, Text.sha256 == record.sha256)).one()

    def make_annotator(self, *text_ids: int) -> Annotator:
        """A fresh annotator assigned the given texts (the seed text when none are given)."""
        ids = text_ids or (self.seed_text()[0],)
        username = f"browser{next(_names)}_{uuid.uuid4().hex[:6]}"
        with self.db() as s:
            user = create_user(s, username=username, role="annotator", password=PASSWORD)
            work = []
            for text_id in ids:
                text = s.get(Text, text_id)
                assignment = create_assignment(s, text_id=text_id, annotator=user,
                                               schema_version_id=text.project.annotation_schema_version_id)
                s.flush()
                work.append(Work(assignment.id, assignment.annotation_set.id, text_id, text.content))
        return Annotator(username, PASSWORD, work)

    def stored_spans(self, annotation_set_id: int) -> list[tuple[int, int, str, dict]]:
        with self.db() as s:
            annotation_set = s.get(AnnotationSet, annotation_set_id)
            return [(x.start, x.end, x.label, dict(x.attributes)) for x in annotation_set.spans]

    def stored_version(self, annotation_set_id: int) -> int:
        with self.db() as s:
            return s.get(AnnotationSet, annotation_set_id).version

    def assignment_status(self, assignment_id: int) -> str:
        with self.db() as s:
            return s.get(Assignment, assignment_id).status

    def history_actions(self, annotation_set_id: int) -> list[str]:
        with self.db() as s:
            return list(s.scalars(select(AnnotationEvent.action)
                                  .where(AnnotationEvent.annotation_set_id == annotation_set_id)
                                  .order_by(AnnotationEvent.id)))


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[LiveServer]:
    folder = tmp_path_factory.mktemp("browser")
    server = LiveServer(f"sqlite:///{folder / 'factspan.sqlite'}", folder)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def postgres_live_server(tmp_path_factory) -> Iterator[LiveServer]:
    url, drop = create_postgres_database()
    server = LiveServer(url, tmp_path_factory.mktemp("browser-postgresql"))
    yield server
    server.stop()
    drop()


@pytest.fixture
def server(request) -> LiveServer:
    """The SQLite live server, or the PostgreSQL one for tests parametrised with indirect=True."""
    backend = getattr(request, "param", "sqlite")
    return request.getfixturevalue("postgres_live_server" if backend == "postgresql" else "live_server")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing; install Debian's chromium package to run the browser tests"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class ConsoleErrors:
    """Console errors, page errors and CSP violations seen during a test; some may be declared expected."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.expected: list[re.Pattern] = []

    def expect(self, pattern: str) -> None:
        """Declare an error the test provokes on purpose, e.g. the browser's log line for a 409 response."""
        self.expected.append(re.compile(pattern))

    def watch(self, page: Page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.seen.append(f"pageerror: {e}"))

    def _console(self, message) -> None:
        if message.type == "error":
            self.seen.append(f"console: {message.text} ({message.location.get('url', '')})")

    def unexpected(self) -> list[str]:
        return [e for e in self.seen if not any(p.search(e) for p in self.expected)]


@pytest.fixture
def console_errors() -> ConsoleErrors:
    return ConsoleErrors()


@pytest.fixture
def context(browser: Browser, console_errors: ConsoleErrors, request) -> Iterator[BrowserContext]:
    ctx = browser.new_context(viewport={"width": 1400, "height": 900})
    ctx.set_default_timeout(10_000)
    ctx.add_init_script(CSP_REPORTER)
    ctx.on("page", console_errors.watch)
    yield ctx
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        for number, open_page in enumerate(ctx.pages):
            name = re.sub(r"[^\w.-]+", "_", request.node.name)
            open_page.screenshot(path=str(ARTIFACTS / f"{name}-{number}.png"), full_page=True)
    ctx.close()
    if report is not None and report.passed and console_errors.unexpected():
        pytest.fail("Browser errors:\n" + "\n".join(console_errors.unexpected()), pytrace=False)


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def make_user(server: LiveServer, role: str) -> tuple[str, str]:
    """A fresh account with the role; returns (username, password)."""
    username = f"{role}{next(_names)}_{uuid.uuid4().hex[:6]}"
    with server.db() as s:
        create_user(s, username=username, role=role, password=PASSWORD)
    return username, PASSWORD


def create_test_project(server: LiveServer, *, annotators_per_text: int = 3) -> int:
    """A new project on the latest fact_opinion schema, so its texts share no assignment with other tests."""
    with server.db() as s:
        schema = latest_schema_version(s, "fact_opinion")
        return create_project(s, name=f"Browser project {uuid.uuid4().hex[:8]}", annotation_schema_version=schema,
                              annotators_per_text=annotators_per_text).id


def add_project_text(server: LiveServer, project_id: int, content: str, title: str = "Browser test text") -> int:
    """A new text in the project (the project must not hold the same content yet)."""
    with server.db() as s:
        project = s.get(Project, project_id)
        record = make_record(content, "browser-test", title=title)
        report = import_records(s, project=project, records=[record], source="browser-test")
        assert report.imported == 1, f"the project already holds this text: {report.skipped}"
        return s.scalars(select(Text.id).where(Text.project_id == project_id, Text.sha256 == record.sha256)).one()


def save_spans(server: LiveServer, annotator: Annotator, spans: list[tuple[int, int, str, dict]],
               work_index: int = 0) -> None:
    """Save the spans (start, end, label, attributes) as the annotator's draft, as the page would."""
    work = annotator.work[work_index]
    with server.db() as s:
        user = require_user(s, annotator.username)
        version = s.get(AnnotationSet, work.annotation_set_id).version
        save_annotation_set(s, annotation_set_id=work.annotation_set_id, user=user, version=version,
                            spans=[SpanInput(*span) for span in spans])


def submit_spans(server: LiveServer, annotator: Annotator, spans: list[tuple[int, int, str, dict]],
                 work_index: int = 0) -> None:
    """Save the spans (start, end, label, attributes) as the annotator's draft and submit it, as the page would."""
    work = annotator.work[work_index]
    with server.db() as s:
        user = require_user(s, annotator.username)
        version = s.get(AnnotationSet, work.annotation_set_id).version
        saved = save_annotation_set(s, annotation_set_id=work.annotation_set_id, user=user, version=version,
                                    spans=[SpanInput(*span) for span in spans])
        submit_annotation_set(s, annotation_set_id=work.annotation_set_id, user=user, version=saved.version)
