"""Each job kind runs the same service as its synchronous route or command and reports what it did."""
import json

import pytest
from sqlalchemy import func, select

from app.agreement.service import compute_project_agreement
from app.annotations.saving import save_annotation_set
from app.annotations.service import submit_annotation_set
from app.gold.models import GoldRelease
from app.gold.service import adjudicate_project
from app.jobs import service
from app.jobs.runner import run_job
from app.review.models import Claim
from app.texts.models import Text
from tests.factories import make_assignment, make_text, make_user
from tests.gold.helpers import CLAIM, INFERENCE, TEXT, span, submitted_project
from tests.jobs.helpers import in_process
from tests.review.helpers import released_seed_project


@pytest.fixture
def run(session, scoped_sessions, tmp_path):
    """Queue a job of a kind and run it in the test's process; returns the finished job."""
    sent: list[int] = []

    def run_kind(kind: str, project, params: dict, user=None):
        job = service.enqueue_job(session, kind=kind, params={"project_id": project.id, **params},
                                  user_id=user.id if user else None, project_id=project.id, send=sent.append)
        session.commit()
        run_job(job.id, in_process(scoped_sessions.factory, tmp_path, sent))
        session.refresh(job)
        return job

    return run_kind


def test_a_release_job_freezes_the_gold_as_its_starter(session, run):
    project, _, _ = submitted_project(session)
    adjudicate_project(session, project=project, policy="majority", min_annotators=2)
    reviewer = make_user(session, role="reviewer")
    job = run("gold.release", project, {"name": "v1", "notes": "from a job"}, reviewer)
    assert job.state == "succeeded", job.error
    release = session.scalars(select(GoldRelease).where(GoldRelease.project_id == project.id)).one()
    assert (job.report["release"], job.report["sha256"], release.created_by_id) == ("v1", release.sha256, reviewer.id)


def test_a_release_job_reports_the_services_refusal(session, run):
    project, _, _ = submitted_project(session)
    job = run("gold.release", project, {"name": "v1"})
    assert (job.state, job.error) == ("failed", "No text of this project is adjudicated yet; adjudicate before releasing.")


def test_an_agreement_report_job_holds_the_report(session, run):
    project, _, _ = submitted_project(session)
    job = run("agreement.report", project, {"bootstrap_samples": 0})
    assert job.state == "succeeded", job.error
    assert job.report["documents"] == 1 and len(job.report["annotators"]) == 3
    assert (job.progress_done, job.progress_total) == (1, 1)  # a full bar, though it reported only "0 of 1"


def test_an_annotations_export_job_writes_every_annotator(session, run):
    project, _, users = submitted_project(session)
    job = run("annotations.export", project, {"format": "jsonl"})
    assert job.state == "succeeded", job.error
    with open(job.result_path, encoding="utf-8") as written:
        line = json.loads(written.readline())
    assert sorted(a["annotator"] for a in line["annotations"]) == sorted(u.username for u in users.values())


def test_a_review_queue_job_adds_claims(session, run):
    project = released_seed_project(session)
    job = run("review.queue", project, {"release": "v1"})
    assert job.state == "succeeded", job.error
    claims = session.scalar(select(func.count()).select_from(Claim).where(Claim.project_id == project.id))
    assert job.report["created"] == claims > 0


def test_a_text_import_job_reads_the_stored_upload(session, run, tmp_path):
    project, _, _ = submitted_project(session)
    upload = tmp_path / "upload.jsonl"
    upload.write_text('{"text": "A new text."}\n{"text": "A new text."}\nnot json\n', encoding="utf-8")
    admin = make_user(session, role="admin")
    job = run("texts.import", project, {"path": str(upload), "max_text_chars": 1000}, admin)
    assert job.state == "succeeded", job.error
    assert (job.report["imported"], job.report["skipped"], job.report["rejected_count"]) == (1, 1, 1)
    assert job.report["rejected"][0]["location"] == "upload.jsonl:3"
    assert session.scalar(select(Text.id).where(Text.project_id == project.id, Text.content == "A new text."))
    assert not upload.exists()  # the job is done with its upload


def test_agreement_figures_from_chunks_equal_the_single_pass(session, run):
    project, _, users = submitted_project(session)
    annotators = list(users.values())
    for index in range(4):  # more texts, each with its own disagreements, in the same project
        text = make_text(session, project, TEXT + f" Then {'more ' * index}talks.")
        for number, user in enumerate(annotators):
            set_id = make_assignment(session, text=text, annotator=user).annotation_set.id
            spans = [span("I think the exercise was discussed", "author_inference", INFERENCE, trim_end=number * index)]
            if number != index % 3:
                spans.append(span("Because Putin wanted to warn Xi", "unverifiable_claim", CLAIM))
            save_annotation_set(session, annotation_set_id=set_id, user=user, version=1, spans=spans)
            submit_annotation_set(session, annotation_set_id=set_id, user=user, version=2)
    job = run("agreement.figures", project, {"chunk_texts": 2, "include_drafts": False})
    assert job.state == "succeeded", job.error
    whole = compute_project_agreement(session, project=project, bootstrap_samples=0)
    assert (job.report["chunks"], job.report["documents"]) == (3, whole["documents"]) == (3, 5)
    for figure in ("char_alpha_nominal", "token_alpha_nominal", "span_f1_exact_mean", "span_f1_overlap_mean"):
        assert whole[figure] is not None
        assert job.report[figure] == pytest.approx(whole[figure], abs=1e-12, rel=0), figure
