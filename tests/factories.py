"""Plain functions that make test data through the services."""
import itertools
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.annotation_schemas.service import load_schema_folder, latest_schema_version
from app.annotations.assignments import create_assignment
from app.auth.models import User
from app.auth.service import create_user
from app.auth.tokens import create_api_token
from app.texts.models import Text
from app.texts.readers import make_record
from app.texts.service import create_project, import_records

REPO = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery"
_counter = itertools.count(1)


def make_user(session: Session, role: str = "annotator", **overrides) -> User:
    username = overrides.pop("username", f"{role}{next(_counter)}")
    return create_user(session, username=username, role=role, password=overrides.pop("password", PASSWORD), **overrides)


def make_schema_version(session: Session):
    load_schema_folder(session, REPO / "annotation_schemas")
    return latest_schema_version(session, "fact_opinion")


def make_project(session: Session, **overrides):
    schema_version = overrides.pop("annotation_schema_version", None) or make_schema_version(session)
    name = overrides.pop("name", f"project {next(_counter)}")
    return create_project(session, name=name, annotation_schema_version=schema_version, **overrides)


def make_text(session: Session, project, content: str = "Xi invited Putin to visit China. I think he will go.", **fields):
    record = make_record(content, "test", **fields)
    import_records(session, project=project, records=[record], source="test")
    return session.scalars(select(Text).where(Text.project_id == project.id, Text.sha256 == record.sha256)).one()


def make_assignment(session: Session, *, text, annotator):
    assignment = create_assignment(
        session, text_id=text.id, annotator=annotator, schema_version_id=text.project.annotation_schema_version_id
    )
    session.flush()
    return assignment


def bearer(session: Session, user: User) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_api_token(session, user=user, name='test')}"}
