"""What 'factspan init' does: schemas, the default project with its seed texts, demo accounts."""
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.orm import Session

from app.annotation_schemas.service import latest_schema_version, load_schema_folder
from app.annotations.assignments import assign_texts
from app.auth.service import create_user, get_user_by_username
from app.texts.readers import Rejection, make_record
from app.texts.service import create_project, existing_hashes, get_project_by_name, import_records

DEFAULT_SCHEMA_ID = "fact_opinion"
DEMO_ACCOUNTS = (
    ("admin", "admin"),
    ("reviewer", "reviewer"),
    ("editor", "editor"),
    ("annotator1", "annotator"),
    ("annotator2", "annotator"),
    ("annotator3", "annotator"),
)


@dataclass
class InitReport:
    actions: list[str] = field(default_factory=list)
    demo_passwords: dict[str, str] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.actions)


def read_seed_records(seed_dir: Path) -> list[Any]:
    """Seed texts with their metadata from seed_texts/metadata.yaml."""
    entries = yaml.safe_load((seed_dir / "metadata.yaml").read_text(encoding="utf-8")) or []
    records = []
    for entry in entries:
        path = seed_dir / entry["file"]
        meta = {k: v for k, v in entry.items() if k not in ("file", "id", "title", "source_url")}
        record = make_record(
            path.read_text(encoding="utf-8"),
            str(path),
            external_id=entry.get("id"),
            title=entry.get("title", path.stem),
            source_url=entry.get("source_url"),
            meta=meta,
        )
        if isinstance(record, Rejection):
            raise ValueError(f"{record.location}: {record.reason}")
        records.append(record)
    return records


def initialize(
    session: Session, *, schemas_dir: Path, seed_dir: Path, project_name: str, demo: bool,
    demo_password: str | None = None,
) -> InitReport:
    """Bring the database to the initial state; every step is skipped when already done."""
    report = InitReport()
    for loaded in load_schema_folder(session, schemas_dir):
        if loaded.created:
            report.actions.append(
                f"loaded annotation schema {loaded.version.schema_id} {loaded.version.version} "
                f"(revision {loaded.version.revision})"
            )
    project = get_project_by_name(session, project_name)
    if project is None:
        project = create_project(
            session, name=project_name, annotation_schema_version=latest_schema_version(session, DEFAULT_SCHEMA_ID),
            annotators_per_text=3, description="The example commentary on the 4 February 2026 Putin–Xi call.",
        )
        report.actions.append(f"created project '{project_name}'")
    known = existing_hashes(session, project)
    new_records = [r for r in read_seed_records(seed_dir) if r.sha256 not in known]
    if new_records:
        result = import_records(session, project=project, records=new_records, source=str(seed_dir))
        report.actions.append(f"imported {result.imported} seed text(s)")
    if demo:
        _create_demo_accounts(session, report, demo_password)
        annotators = [get_user_by_username(session, name) for name, role in DEMO_ACCOUNTS if role == "annotator"]
        created = assign_texts(session, project=project, annotators=[a for a in annotators if a is not None])
        if created:
            report.actions.append(f"created {created} assignment(s) for the demo annotators")
    return report


def _create_demo_accounts(session: Session, report: InitReport, demo_password: str | None) -> None:
    for username, role in DEMO_ACCOUNTS:
        if get_user_by_username(session, username) is not None:
            continue
        password = demo_password or secrets.token_urlsafe(9)
        create_user(session, username=username, role=role, password=password, display_name=username.capitalize())
        report.demo_passwords[username] = password
        report.actions.append(f"created demo account {username} ({role})")
