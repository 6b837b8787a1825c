"""Projects and texts: create, list with counts, and import texts in streaming batches."""
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from app.annotation_schemas.models import AnnotationSchemaVersion
from app.audit.service import changed_fields, record_event
from app.db import utcnow
from app.errors import Conflict, Invalid, NotFound
from app.texts.models import Project, Text, TextImport
from app.texts.readers import DEFAULT_MAX_TEXT_CHARS, Rejection, TextRecord, iter_paths, iter_records
from app.texts.uploads import UploadRefused, iter_upload_records

IMPORT_BATCH_SIZE = 2000
# An import's report page lists this many rejections; the count says how many there were in all.
MAX_STORED_REJECTIONS = 1000


@dataclass
class ImportReport:
    imported: int = 0
    skipped: list[str] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    import_id: int | None = None


def create_project(
    session: Session,
    *,
    name: str,
    annotation_schema_version: AnnotationSchemaVersion,
    annotators_per_text: int = 3,
    description: str = "",
    settings: dict[str, Any] | None = None,
    actor_id: int | None = None,
) -> Project:
    """Create a project on a schema version (`actor_id`: who, for the audit log; None from the command line).

    :raises Conflict: a project of that name exists."""
    name = name.strip()
    if not name:
        raise Invalid("A project needs a name.", errors={"name": ["Required."]})
    if annotators_per_text < 1:
        raise Invalid("Each text needs at least one annotator.", errors={"annotators_per_text": ["Must be >= 1."]})
    if get_project_by_name(session, name) is not None:
        raise Conflict(f"A project named '{name}' already exists.", reason="project_exists")
    project = Project(
        name=name,
        description=description,
        annotation_schema_version=annotation_schema_version,
        annotators_per_text=annotators_per_text,
        settings=settings or {},
    )
    session.add(project)
    session.flush()
    record_event(session, actor_id=actor_id, action="project.created", target_type="project", target_id=project.id,
                 project_id=project.id,
                 changes={"name": name, "annotation_schema_version_id": annotation_schema_version.id,
                          "annotators_per_text": annotators_per_text, "settings": project.settings})
    return project


def require_active_project(project: Project) -> None:
    """:raises Conflict: reason project_archived, for work that only an active project takes."""
    if project.archived_at is not None:
        raise Conflict(f"Project '{project.name}' is archived; unarchive it to import or assign texts.",
                       reason="project_archived")


def set_project_archived(session: Session, *, project: Project, archived: bool, actor_id: int | None) -> Project:
    """Archive a project (it leaves the active lists and takes no new imports or assignments) or bring it back."""
    if (project.archived_at is not None) != archived:
        project.archived_at = utcnow() if archived else None
        record_event(session, actor_id=actor_id, action="project.archived" if archived else "project.unarchived",
                     target_type="project", target_id=project.id, project_id=project.id)
        session.flush()
    return project


def get_project_by_name(session: Session, name: str) -> Project | None:
    return session.scalars(select(Project).where(Project.name == name)).one_or_none()


def require_project(session: Session, name_or_id: str | int) -> Project:
    """Find a project by id or by name.

    :raises NotFound: neither matches.
    """
    project = None
    if isinstance(name_or_id, int) or str(name_or_id).isdigit():
        project = session.get(Project, int(name_or_id))
    if project is None:
        project = get_project_by_name(session, str(name_or_id))
    if project is None:
        raise NotFound(f"There is no project '{name_or_id}'.")
    return project


def require_text(session: Session, text_id: int) -> Text:
    text = session.get(Text, text_id)
    if text is None:
        raise NotFound(f"There is no text {text_id}.")
    return text


def lock_text(session: Session, text: Text) -> Text:
    """Hold the text's row lock until the transaction ends, and re-read its state under it.

    The adjudication workflow, submit and reopen read a text's state and then write on that basis;
    taking this lock first makes them wait for each other on PostgreSQL instead of acting on a state
    another transaction is changing. SQLite renders no FOR UPDATE: its writers already run one at a
    time (write_transaction), so there this only re-reads.
    """
    session.flush()  # a refresh would drop unflushed changes to the text
    session.refresh(text, ["adjudication_status", "meta"], with_for_update=True)
    return text


def list_projects_with_text_counts(session: Session, *, include_archived: bool = False) -> list[tuple[Project, int]]:
    """Every active project (and the archived ones when asked) with how many texts it holds."""
    query = select(Project).order_by(Project.name)
    if not include_archived:
        query = query.where(Project.archived_at.is_(None))
    projects = session.scalars(query).all()
    counts = dict(session.execute(select(Text.project_id, func.count()).group_by(Text.project_id)).all())
    return [(project, counts.get(project.id, 0)) for project in projects]


def existing_hashes(session: Session, project: Project) -> set[str]:
    return set(session.scalars(select(Text.sha256).where(Text.project_id == project.id)))


def import_records(
    session: Session,
    *,
    project: Project,
    records: Iterable[TextRecord | Rejection],
    source: str,
    created_by_id: int | None = None,
    on_record: Callable[[], None] | None = None,
    max_text_chars: int = DEFAULT_MAX_TEXT_CHARS,
) -> ImportReport:
    """Insert valid records in batches, skipping texts already in the project (same sha256); texts longer
    than max_text_chars (FACTSPAN_MAX_TEXT_CHARS) are rejected.

    :raises Conflict: reason project_archived.
    """
    require_active_project(project)
    text_import = TextImport(project_id=project.id, source=source[:1000], created_by_id=created_by_id)
    session.add(text_import)
    session.flush()
    report = ImportReport(import_id=text_import.id)
    seen = existing_hashes(session, project)
    batch: list[dict[str, Any]] = []
    for record in records:
        if on_record:
            on_record()
        if isinstance(record, Rejection):
            report.rejected.append(record)
            continue
        if len(record.content) > max_text_chars:
            report.rejected.append(Rejection(record.location, f"the text has {len(record.content):,} characters; "
                                                              f"the most is {max_text_chars:,} (FACTSPAN_MAX_TEXT_CHARS)"))
            continue
        if record.sha256 in seen:
            report.skipped.append(record.location)
            continue
        seen.add(record.sha256)
        batch.append(_text_row(record, project.id, text_import.id))
        if len(batch) >= IMPORT_BATCH_SIZE:
            report.imported += _insert_texts(session, batch)
            batch = []
    report.imported += _insert_texts(session, batch)
    text_import.imported_count = report.imported
    text_import.skipped_count = len(report.skipped)
    text_import.rejected_count = len(report.rejected)
    text_import.rejections = [{"location": r.location, "reason": r.reason}
                              for r in report.rejected[:MAX_STORED_REJECTIONS]]
    session.flush()
    record_event(session, actor_id=created_by_id, action="texts.imported", target_type="text_import",
                 target_id=text_import.id, project_id=project.id,
                 changes={"source": text_import.source, "imported": report.imported, "skipped": len(report.skipped),
                          "rejected": len(report.rejected)})
    return report


def import_paths(
    session: Session,
    *,
    project: Project,
    paths: Sequence[Path],
    created_by_id: int | None = None,
    on_record: Callable[[], None] | None = None,
    max_text_chars: int = DEFAULT_MAX_TEXT_CHARS,
) -> ImportReport:
    """Import .txt files or folders, JSONL and CSV files, and zips of them, into a project."""

    def records() -> Iterable[TextRecord | Rejection]:
        for path in paths:
            if path.suffix.lower() == ".zip" and path.is_file():
                yield from _zip_records(path)
                continue
            for item in iter_paths([path]):
                if isinstance(item, Rejection):
                    yield item
                else:
                    yield from iter_records(item)

    source = ", ".join(str(p) for p in paths)
    return import_records(session, project=project, records=records(), source=source, created_by_id=created_by_id,
                          on_record=on_record, max_text_chars=max_text_chars)


def _zip_records(path: Path) -> Iterable[TextRecord | Rejection]:
    """A zip's records as the import page reads them; a refused archive is one rejection."""
    with path.open("rb") as handle:
        try:
            records = iter_upload_records(handle, path.name)
        except UploadRefused as exc:
            yield Rejection(str(path), str(exc))
            return
        yield from records


def _text_row(record: TextRecord, project_id: int, import_id: int) -> dict[str, Any]:
    return {
        "project_id": project_id,
        "external_id": record.external_id,
        "title": record.title[:500],
        "source_url": record.source_url,
        "content": record.content,
        "sha256": record.sha256,
        "char_count": len(record.content),
        "meta": record.meta,
        "import_id": import_id,
        "adjudication_status": "pending",
    }


def _insert_texts(session: Session, rows: list[dict[str, Any]]) -> int:
    if rows:
        session.execute(insert(Text), rows)
    return len(rows)


def list_imported_texts(session: Session, *, import_id: int) -> list[tuple[int, str | None]]:
    """(id, external id) of every text an import created, in the order it read them."""
    return [(text_id, external_id) for text_id, external_id in session.execute(
        select(Text.id, Text.external_id).where(Text.import_id == import_id).order_by(Text.id))]


def list_texts(session: Session, *, project: Project) -> Sequence[Text]:
    return session.scalars(select(Text).where(Text.project_id == project.id).order_by(Text.id)).all()


def update_project_settings(session: Session, *, project: Project, changes: dict[str, Any],
                            annotators_per_text: int | None = None, actor_id: int | None = None) -> Project:
    """Merge `changes` into the project's settings (a new dict, so the JSON column sees the change; a None
    value removes the setting, so its default applies again) and record what changed in the audit log
    (`actor_id` None: the command line).

    :raises Invalid: annotators_per_text below 1.
    """
    before = {**project.settings, "annotators_per_text": project.annotators_per_text}
    if annotators_per_text is not None:
        if annotators_per_text < 1:
            raise Invalid("Each text needs at least one annotator.", errors={"annotators_per_text": ["Must be >= 1."]})
        project.annotators_per_text = annotators_per_text
    merged = {**project.settings, **changes}
    project.settings = {key: value for key, value in merged.items() if value is not None}
    changed = changed_fields(before, {**project.settings, "annotators_per_text": project.annotators_per_text})
    if changed:
        record_event(session, actor_id=actor_id, action="project.settings_changed", target_type="project",
                     target_id=project.id, project_id=project.id, changes=changed)
    session.flush()
    return project


DEFAULT_MIN_ANNOTATORS = 2


def adjudication_settings(project: Project) -> dict[str, Any]:
    """The adjudication policy in force: the project's own setting, else its schema's
    `agreement.adjudication_policy`; plus the fewest annotators a policy may settle on."""
    own = project.settings.get("adjudication", {})
    schema_policy = project.annotation_schema_version.document.get("agreement", {}).get("adjudication_policy",
                                                                                         "majority")
    return {
        "policy": own.get("policy", schema_policy),
        "policy_source": "project" if "policy" in own else "schema",
        "min_annotators": int(own.get("min_annotators", DEFAULT_MIN_ANNOTATORS)),
    }


def shows_gold_feedback(text: Text) -> bool:
    """Whether the text's annotators may compare their spans with its gold: the project shows the gold to
    annotators and the text is adjudicated (pages link to the comparison only then)."""
    return bool(text.project.settings.get("show_gold_to_annotators")) and text.adjudication_status == "adjudicated"
