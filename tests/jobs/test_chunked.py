"""A gold export split into chunk jobs equals the export written in one piece, byte for byte."""
import io

import pytest
from sqlalchemy import select

from app.gold.releases import export_release
from app.jobs import service
from app.jobs.chunked import PART_KIND, chunk_ranges
from app.jobs.models import Job
from app.jobs.runner import run_job
from tests.factories import make_user
from tests.jobs.helpers import in_process, release_of


def test_chunk_ranges_cover_every_id_once_in_order():
    ids = [3, 4, 9, 10, 11, 20, 21]
    assert chunk_ranges(ids, 3) == [(3, 9, 3), (10, 20, 3), (21, 21, 1)]
    assert chunk_ranges(ids, 10) == [(3, 21, 7)]


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "hf", "conll"])
def test_a_chunked_export_equals_the_single_export(session, scoped_sessions, tmp_path, fmt):
    project, release = release_of(session, texts=11)
    sent: list[int] = []
    job = service.enqueue_job(session, kind="gold.export",
                              params={"project_id": project.id, "release": "v1", "format": fmt, "chunk_texts": 4},
                              user_id=make_user(session, role="reviewer").id, project_id=project.id, send=sent.append)
    session.commit()
    assert run_job(job.id, in_process(scoped_sessions.factory, tmp_path, sent)) == "succeeded"
    session.refresh(job)
    chunks = session.scalars(select(Job).where(Job.parent_id == job.id).order_by(Job.id)).all()
    assert [(c.kind, c.state, c.params["texts"]) for c in chunks] == [(PART_KIND, "succeeded", n) for n in (4, 4, 3)]
    single = io.BytesIO()
    stats = export_release(session, release=release, fmt=fmt, out=single)
    with open(job.result_path, "rb") as merged:
        assert merged.read() == single.getvalue()
    assert (job.report["texts"], job.report["spans"], job.report["bytes"]) == (11, stats.spans, stats.bytes_written)
    assert not any((tmp_path / str(c.id)).exists() for c in chunks)  # the parts are gone once merged


def five_texts_in_chunks_of_two(session, scoped_sessions, tmp_path):
    """A queued jsonl export of a 5-text release in chunks of 2, and an in-process environment to run it."""
    project, _ = release_of(session, texts=5)
    sent: list[int] = []
    job = service.enqueue_job(session, kind="gold.export",
                              params={"project_id": project.id, "release": "v1", "format": "jsonl", "chunk_texts": 2},
                              user_id=None, project_id=project.id, send=sent.append)
    session.commit()
    return job, in_process(scoped_sessions.factory, tmp_path, sent)


def test_a_failed_chunk_fails_the_export(session, scoped_sessions, tmp_path):
    job, env = five_texts_in_chunks_of_two(session, scoped_sessions, tmp_path)

    def broken_part(work, params, progress):
        raise RuntimeError("disk full")

    env.kinds[PART_KIND] = broken_part
    assert run_job(job.id, env) == "failed"
    session.refresh(job)
    assert job.result_path is None and "Part" in job.error


def test_the_parents_bar_has_its_full_length_before_any_chunk_runs(session, scoped_sessions, tmp_path):
    job, env = five_texts_in_chunks_of_two(session, scoped_sessions, tmp_path)
    seen = []

    def observed_part(work, params, progress):
        seen.append(service.child_progress(work, job=work.get(Job, job.id)))
        return original(work, params, progress)

    original = env.kinds[PART_KIND]
    env.kinds[PART_KIND] = observed_part
    assert run_job(job.id, env) == "succeeded"
    assert seen[0] == (0, 5)
