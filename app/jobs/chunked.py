"""Work split into chunks of texts that any worker takes; the parent merges the chunks exactly.

Gold exports: every per-text format is a plain concatenation of per-text records (CSV's header aside), so
the merged file is byte-identical to a single-process export. Project agreement: each chunk returns the
additive sums of app.agreement.partials. The parent works through unclaimed chunks itself, so a single
worker finishes the job too; more workers take chunks in parallel.
"""
import shutil
from collections import Counter
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.agreement.partials import agreement_partial, merge_partials
from app.agreement.service import load_project_documents
from app.gold import releases
from app.gold.models import GoldRelease
from app.gold.records import ExportStats
from app.jobs.runner import JobResult, Progress
from app.texts.models import Text
from app.texts.service import require_project

PART_KIND = "gold.export_part"
AGREEMENT_PART_KIND = "agreement.part"
CHUNK_TEXTS = 5000
# brat is a zip archive, and a split is chosen text by text: both are written in one piece.
SPLITTABLE_FORMATS = ("jsonl", "hf", "spacy", "conll", "csv")


def can_split(fmt: str, split: Any) -> bool:
    return fmt in SPLITTABLE_FORMATS and split is None


def chunk_ranges(text_ids: list[int], chunk_texts: int) -> list[tuple[int, int, int]]:
    """(first id, last id, count) of consecutive runs of at most chunk_texts ids."""
    return [(text_ids[i], text_ids[min(i + chunk_texts, len(text_ids)) - 1], min(chunk_texts, len(text_ids) - i))
            for i in range(0, len(text_ids), chunk_texts)]


def export_in_chunks(session: Session, *, release: GoldRelease, fmt: str, progress: Progress,
                     chunk_texts: int = CHUNK_TEXTS) -> ExportStats:
    """Write the release to progress.part_path through chunk jobs; returns the merged statistics."""
    ranges = chunk_ranges(releases.release_text_ids(session, release=release), chunk_texts)
    child_ids = progress.spawn(PART_KIND, [
        {"release_id": release.id, "format": fmt, "first": first, "last": last, "texts": count, "index": index}
        for index, (first, last, count) in enumerate(ranges)])
    children = progress.wait_for_children(child_ids)
    labels: Counter[str] = Counter()
    with progress.part_path.open("wb") as out:
        for child in children:  # in chunk order
            with open(child.result_path, "rb") as part:
                shutil.copyfileobj(part, out, 1024 * 1024)
            labels.update(child.report["labels"])
    progress.discard_children_files(child_ids)
    reports = [child.report for child in children]
    return ExportStats(documents=sum(r["texts"] for r in reports), spans=sum(r["spans"] for r in reports),
                       label_counts=dict(labels), bio_conflicts=sum(r["bio_conflicts"] for r in reports),
                       bytes_written=sum(r["bytes"] for r in reports))


def export_part(session: Session, params: dict, progress: Progress) -> JobResult:
    """One chunk of a gold export (job kind gold.export_part)."""
    release = session.get(GoldRelease, params["release_id"])
    done = 0

    def counted() -> None:
        nonlocal done
        done += 1
        progress(done, params["texts"], f"Chunk {params['index'] + 1}")

    with progress.part_path.open("wb") as out:
        stats = releases.export_release(session, release=release, fmt=params["format"], out=out,
                                        text_range=(params["first"], params["last"]), header=params["index"] == 0,
                                        on_document=counted)
    return JobResult(report={"texts": stats.documents, "spans": stats.spans, "labels": dict(stats.label_counts),
                             "bio_conflicts": stats.bio_conflicts, "bytes": stats.bytes_written},
                     filename=f"part-{params['index']}")


def agreement_in_chunks(session: Session, params: dict, progress: Progress) -> JobResult:
    """The project's headline agreement figures (job kind agreement.figures), from chunk jobs."""
    project = require_project(session, params["project_id"])
    text_ids = list(session.scalars(select(Text.id).where(Text.project_id == project.id).order_by(Text.id)))
    ranges = chunk_ranges(text_ids, params["chunk_texts"])
    child_ids = progress.spawn(AGREEMENT_PART_KIND, [
        {"project_id": project.id, "first": first, "last": last, "texts": count, "index": index,
         "include_drafts": params.get("include_drafts", False)}
        for index, (first, last, count) in enumerate(ranges)])
    children = progress.wait_for_children(child_ids)
    return JobResult(report=merge_partials([child.report for child in children]))


def agreement_part(session: Session, params: dict, progress: Progress) -> JobResult:
    """The additive agreement sums of one chunk of a project's texts (job kind agreement.part)."""
    project = require_project(session, params["project_id"])
    text_ids = list(session.scalars(select(Text.id).where(Text.project_id == project.id,
                                                          Text.id.between(params["first"], params["last"]))))
    progress(0, params["texts"], f"Chunk {params['index'] + 1}", force=True)
    documents = load_project_documents(session, project=project, include_drafts=params["include_drafts"],
                                       text_ids=text_ids)
    partial = agreement_partial(documents)
    progress(params["texts"], params["texts"], f"Chunk {params['index'] + 1}", force=True)
    return JobResult(report=partial)
