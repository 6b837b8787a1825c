"""Jobs run in the test's process on the test's connection, forms that start jobs, and a release of many texts."""
import html
import re
from pathlib import Path

from sqlalchemy import insert

from app.gold.models import GoldRelease, GoldReleaseText
from app.jobs.kinds import job_functions
from app.jobs.runner import JobEnvironment, run_job
from tests.factories import make_project, make_text

LABELS = ("sourced_readout", "author_inference", "unverifiable_claim")


def in_process(sessions_factory, files_dir: Path, sent: list[int]) -> JobEnvironment:
    """Jobs on the test's own connection (no heartbeat thread: it would share that connection)."""
    return JobEnvironment(kinds=job_functions(), session_factory=sessions_factory, files_dir=files_dir,
                          send=sent.append, heartbeat_s=None, poll_s=0)


class PageJobs:
    """Jobs that pages queue in a test: the ids handed to the queue, and a worker's run of one, in process."""

    def __init__(self, app, monkeypatch, scoped_sessions, files_dir: Path) -> None:
        self.sent: list[int] = []
        monkeypatch.setattr(app.extensions["factspan_jobs"], "send", self.sent.append)
        self.env = in_process(scoped_sessions.factory, files_dir, self.sent)

    def run(self, job_id: int) -> str | None:
        return run_job(job_id, self.env)


def run_sent(app, sessions, sent: list[int]) -> list[str]:
    """Run the jobs sent to the workers so far, in order, as a worker would; returns their final states."""
    env = in_process(sessions.factory, Path(app.config["JOBS_DIR"]), sent)
    states = []
    while sent:
        states.append(run_job(sent.pop(0), env))
    return states


def post_form(client, page: str, marker: str, fields: dict):
    """Send the form of `page` that contains `marker` as a browser would: to its action, with its hidden fields
    (CSRF token, job kind) and the given ones, from the page (the Referer a refusal returns to)."""
    source = client.get(page).get_data(as_text=True)
    form = next(form for form in re.findall(r"<form\b.*?</form>", source, re.S) if marker in form)
    action = html.unescape(re.search(r'action="([^"]+)"', form).group(1))
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
    return client.post(action, content_type="multipart/form-data", headers={"Referer": f"http://localhost{page}"},
                       data={**hidden, **fields})


def stored_uploads(app) -> set[str]:
    """The files in the uploads folder (shared by the session's tests: compare before and after)."""
    folder = Path(app.config["UPLOADS_DIR"])
    return {path.name for path in folder.iterdir()} if folder.exists() else set()


def release_of(session, *, texts: int, name: str = "v1", project=None):
    """A project and a release of `texts` texts, each with two gold spans (written straight to the tables)."""
    project = project or make_project(session)
    release = GoldRelease(project_id=project.id, name=name, sha256="0" * 64, text_count=texts, span_count=2 * texts,
                          annotation_schema_version_id=project.annotation_schema_version_id, label_counts={},
                          agreement={}, annotator_count=3, adjudicator_count=1)
    session.add(release)
    session.flush()
    rows = []
    for index in range(texts):
        text = make_text(session, project, f"Text {index}: Xi invited Putin. I think, \"he will\" go; ünïcode {index}.",
                         title=f"t{index}")
        spans = [{"start": 0, "end": 6, "label": LABELS[index % 3], "attributes": {}, "provenance": {}},
                 {"start": 8, "end": 18, "label": LABELS[(index + 1) % 3], "attributes": {}, "provenance": {}}]
        rows.append({"release_id": release.id, "text_id": text.id, "spans": spans, "meta": {},
                     "offsets": [n for s in spans for n in (s["start"], s["end"], LABELS.index(s["label"]))]})
    session.execute(insert(GoldReleaseText), rows)
    session.flush()
    return project, release
