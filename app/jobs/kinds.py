"""What each job kind does: plain functions (session, params, progress) over the domains' services.

The roles that may start a kind are the roles of the synchronous route doing the same work today.
"""
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session
from werkzeug.utils import secure_filename

from app.agreement.service import check_filters, compute_project_agreement
from app.archive.service import export_archive, export_snapshot, import_archive
from app.auth.models import User
from app.gold import releases
from app.gold.service import adjudicate_project
from app.gold.formats import FORMAT_MEDIA_TYPE, FORMAT_SUFFIX
from app.gold.split import parse_split
from app.interop import exporting
from app.interop.bundles import open_upload
from app.interop.service import import_annotation_files, load_mapping
from app.interop.writers import EXPORT_MEDIA_TYPE, EXPORT_SUFFIX
from app.jobs import chunked
from app.jobs.runner import JobFunction, JobResult, Progress
from app.jobs.uploads import consumed
from app.review.service import build_queue
from app.suggestions.training import run_suggester
from app.texts.imports import import_upload
from app.texts.models import Project
from app.texts.readers import DEFAULT_MAX_TEXT_CHARS
from app.texts.service import MAX_STORED_REJECTIONS, require_project

# The figures of a policy run that its job reports (what the Gold page said when the run was synchronous).
ADJUDICATION_FIGURES = ("policy", "min_annotators", "items_settled", "items_open", "texts_adjudicated",
                        "texts_waiting")


@dataclass(frozen=True)
class JobKind:
    run: JobFunction
    roles: tuple[str, ...]  # admin may start every kind
    title: str
    # Checks that need no long work, run before the job is queued so a doomed start is refused at once;
    # called with (session, project, params). The job's own service runs them again.
    check: Callable[[Session, Project | None, dict], None] | None = None
    on_project: bool = True  # False: the job belongs to no project (an archive import creates one)
    result_label: str | None = None  # the link to the page showing the result, where there is one


def release_gold(session: Session, params: dict, progress: Progress) -> JobResult:
    progress(0, 1, "Computing agreement and freezing the gold", force=True)
    progress.begin_writes(session)
    project = require_project(session, params["project_id"])
    user = session.get(User, progress.user_id) if progress.user_id else None
    release = releases.release_gold(session, project=project, name=params["name"], user=user,
                                    notes=params.get("notes", ""), allow_unchanged=params.get("allow_unchanged", False))
    return JobResult(report={"release": release.name, "texts": release.text_count, "spans": release.span_count,
                             "sha256": release.sha256})


def check_release(session: Session, project: Project, params: dict) -> None:
    releases.check_release(session, project=project, name=params["name"], allow_unchanged=params["allow_unchanged"])


def adjudicate_gold(session: Session, params: dict, progress: Progress) -> JobResult:
    """Settle every fully submitted text of the project by a policy (the project's unless params name one)."""
    progress(0, 1, "Settling fully submitted texts", force=True)
    progress.begin_writes(session)
    project = require_project(session, params["project_id"])
    report = adjudicate_project(session, project=project, policy=params.get("policy"))
    return JobResult(report={figure: getattr(report, figure) for figure in ADJUDICATION_FIGURES})


def export_gold(session: Session, params: dict, progress: Progress) -> JobResult:
    """A release in one format; large ones are split into chunks that any worker writes (see chunked)."""
    project = require_project(session, params["project_id"])
    release = releases.require_release(session, project=project, name=params["release"])
    fmt, split_name = params["format"], params.get("split")
    split = (parse_split(params["ratios"]), split_name) if split_name else None
    filename = secure_filename(f"{project.name}-{release.name}{'.' + split_name if split else ''}{FORMAT_SUFFIX[fmt]}")
    if chunked.can_split(fmt, split) and release.text_count > params.get("chunk_texts", chunked.CHUNK_TEXTS):
        stats = chunked.export_in_chunks(session, release=release, fmt=fmt, progress=progress,
                                         chunk_texts=params.get("chunk_texts", chunked.CHUNK_TEXTS))
    else:
        done = 0

        def counted() -> None:
            nonlocal done
            done += 1
            progress(done, release.text_count, "Exporting texts")

        with progress.part_path.open("wb") as out:
            stats = releases.export_release(session, release=release, fmt=fmt, out=out, split=split,
                                            on_document=counted)
    return JobResult(report={"texts": stats.documents, "spans": stats.spans, "bytes": stats.bytes_written},
                     filename=filename, media_type=FORMAT_MEDIA_TYPE[fmt])


def export_annotations(session: Session, params: dict, progress: Progress) -> JobResult:
    project = require_project(session, params["project_id"])
    fmt, include_drafts = params["format"], params.get("include_drafts", False)
    total = exporting.count_export_entries(session, project=project, fmt=fmt, include_drafts=include_drafts)
    done = 0

    def counted() -> None:
        nonlocal done
        done += 1
        progress(done, total, "Exporting annotations")

    with progress.part_path.open("wb") as out:
        stats = exporting.export_annotations(session, project=project, fmt=fmt, out=out, include_drafts=include_drafts,
                                             as_predictions=params.get("as_predictions", False), on_document=counted)
    return JobResult(report={"entries": stats.documents}, filename=secure_filename(f"{project.name}{EXPORT_SUFFIX[fmt]}"),
                     media_type=EXPORT_MEDIA_TYPE[fmt])


def report_agreement(session: Session, params: dict, progress: Progress) -> JobResult:
    project = require_project(session, params["project_id"])
    progress(0, 1, "Computing agreement", force=True)
    label = params.get("label")
    report = compute_project_agreement(session, project=project, bootstrap_samples=params.get("bootstrap_samples", 1000),
                                       include_drafts=params.get("include_drafts", False),
                                       labels=[label] if label else None)
    return JobResult(report=report)


def check_agreement_label(session: Session, project: Project, params: dict) -> None:
    if params.get("label"):
        check_filters(session, project, labels=[params["label"]])


def build_review_queue(session: Session, params: dict, progress: Progress) -> JobResult:
    progress(0, 1, "Building the review queue", force=True)
    progress.begin_writes(session)
    project = require_project(session, params["project_id"])
    report = build_queue(session, project=project, release_name=params.get("release"))
    return JobResult(report={"gold_version": report.gold_version, "created": report.created,
                             "existing": report.existing, "matched": report.matched})


def run_suggestions(session: Session, params: dict, progress: Progress) -> JobResult:
    progress(0, 1, "Suggesting spans", force=True)
    progress.begin_writes(session)
    project = require_project(session, params["project_id"])
    report = run_suggester(session, project=project, models_dir=Path(params["models_dir"]),
                           suggester_id=params.get("suggester_id"))
    return JobResult(report={"suggester": report.suggester, "texts": report.texts, "suggestions": report.suggestions})


def import_texts(session: Session, params: dict, progress: Progress) -> JobResult:
    """Texts from a stored upload (.jsonl, .csv, .txt or a .zip of them), read as `factspan import-texts` reads."""
    upload = Path(params["path"])
    with consumed(upload), upload.open("rb") as stream:
        progress.begin_writes(session)
        report = import_upload(session, project_id=params["project_id"], stream=stream,
                               filename=params.get("filename") or upload.name, actor_id=progress.user_id,
                               progress=lambda seen: progress(seen, 0, f"Read {seen} record(s)"),
                               max_text_chars=params.get("max_text_chars", DEFAULT_MAX_TEXT_CHARS))
    # As many rejections as the import's report page keeps; that page is the job's result.
    return JobResult(report={"import_id": report.import_id, "imported": report.imported,
                             "skipped": len(report.skipped), "rejected_count": len(report.rejected),
                             "rejected": [{"location": r.location, "reason": r.reason}
                                          for r in report.rejected[:MAX_STORED_REJECTIONS]]})


def import_annotations(session: Session, params: dict, progress: Progress) -> JobResult:
    """Annotations from a stored upload (and an optional stored mapping), as the import API reads a body."""
    upload = Path(params["path"])
    mapping = Path(params["mapping_path"]) if params.get("mapping_path") else None
    with consumed(upload, *([mapping] if mapping else [])):
        progress.begin_writes(session)
        project = require_project(session, params["project_id"])
        done = 0

        def counted() -> None:
            nonlocal done
            done += 1
            progress(done, 0, f"Read {done} document(s)")

        report = import_annotation_files(
            session, project=project, fmt=params["format"],
            bundle=open_upload(upload.read_bytes(), params.get("filename") or upload.name),
            mapping=load_mapping(project, mapping.read_bytes() if mapping else None),
            as_gold=params["mode"] == "gold", as_suggestions=params["mode"] == "suggestions",
            unit=params.get("offsets"), annotator=params.get("annotator"),
            max_text_chars=params.get("max_text_chars", DEFAULT_MAX_TEXT_CHARS), on_document=counted)
    return JobResult(report={"filename": params.get("filename") or upload.name, **report.as_dict()})


def export_project_archive(session: Session, params: dict, progress: Progress) -> JobResult:
    """The project with every row that belongs to it, as `factspan archive export` writes it."""
    export_snapshot(session)
    project = require_project(session, params["project_id"])
    with progress.part_path.open("wb") as out:
        manifest = export_archive(session, project_id=project.id, out=out,
                                  progress=lambda done, total: progress(done, total, "Exporting rows"))
    # Ends the snapshot: the job row, which progress reports changed meanwhile, is then updated in a new one.
    session.commit()
    return JobResult(report={"project": project.name, "rows": sum(table["rows"] for table in manifest["tables"]),
                             "tables": len(manifest["tables"]), "alembic_revision": manifest["alembic_revision"]},
                     filename=secure_filename(f"{project.name}-archive.zip") or "project-archive.zip",
                     media_type="application/zip")


def import_project_archive(session: Session, params: dict, progress: Progress) -> JobResult:
    """A project archive from a stored upload, as `factspan archive import` adds it (to a migrated database)."""
    upload = Path(params["path"])
    with consumed(upload), upload.open("rb") as stream:
        progress.begin_writes(session)
        report = import_archive(session, source=stream,
                                progress=lambda done, total: progress(done, total, "Importing rows"))
    return JobResult(report={"filename": params.get("filename") or upload.name, "project_id": report.project_id,
                             "project_name": report.project_name, "rows": report.rows,
                             "new_users": report.new_users, "existing_users": report.existing_users})


KINDS: dict[str, JobKind] = {
    "gold.release": JobKind(release_gold, ("reviewer",), "Gold release", check_release),
    "gold.adjudicate": JobKind(adjudicate_gold, ("reviewer",), "Adjudication by policy"),
    "gold.export": JobKind(export_gold, ("reviewer", "editor"), "Gold export"),
    chunked.PART_KIND: JobKind(chunked.export_part, (), "Gold export chunk"),
    "annotations.export": JobKind(export_annotations, ("reviewer", "editor"), "Annotations export"),
    "agreement.report": JobKind(report_agreement, ("reviewer", "editor"), "Agreement report", check_agreement_label),
    "agreement.figures": JobKind(chunked.agreement_in_chunks, ("reviewer", "editor"), "Agreement figures (chunked)"),
    chunked.AGREEMENT_PART_KIND: JobKind(chunked.agreement_part, (), "Agreement chunk"),
    "review.queue": JobKind(build_review_queue, ("editor",), "Review queue build"),
    "suggestions.run": JobKind(run_suggestions, ("admin",), "Suggestion run"),
    "texts.import": JobKind(import_texts, ("admin",), "Text import", result_label="Open the import report"),
    "annotations.import": JobKind(import_annotations, ("admin",), "Annotations import"),
    "archive.export": JobKind(export_project_archive, ("admin",), "Project archive export"),
    "archive.import": JobKind(import_project_archive, ("admin",), "Project archive import", on_project=False,
                              result_label="Open the imported project"),
}
# Chunks are only ever started by their parent job.
STARTABLE = tuple(kind for kind, spec in KINDS.items() if spec.roles)


def job_functions() -> dict[str, JobFunction]:
    return {kind: spec.run for kind, spec in KINDS.items()}
