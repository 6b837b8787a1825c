"""Data for bench_load.py: N annotators, each with a token, a password and a draft on a text of their own."""
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from app import create_app
from app.annotation_schemas.service import latest_schema_version, load_schema_folder
from app.annotations.assignments import create_assignment
from app.annotations.service import schema_document
from app.annotations.spans import SpanInput, SpanRules, check_spans
from app.annotations.textrules import sentence_starts
from app.auth.service import create_user
from app.auth.tokens import create_api_token
from app.errors import Invalid
from app.extensions import db, session
from app.migrate import upgrade_to_head
from app.texts.models import Text
from app.texts.readers import make_record
from app.texts.service import create_project, import_records

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seed_texts" / "putin_xi_call_2026-02-04.txt"
PASSWORD = "bench-password"
LABELS = {
    "sourced_readout": {"source": "russian_readout"},
    "author_inference": {"inference_type": "speculation"},
    "unverifiable_claim": {"reason": "motive_or_intent", "check_worthiness": "high"},
}


@dataclass(frozen=True)
class Annotator:
    username: str
    token: str
    assignment_id: int
    annotation_set_id: int


def candidate_spans(text: str, rules: SpanRules) -> list[dict]:
    """One span per sentence (its first three words), kept only if the server's own validator takes it."""
    starts = sentence_starts(text) + [len(text)]
    spans = []
    for index, (start, end) in enumerate(zip(starts, starts[1:])):
        words = list(re.finditer(r"\w+", text[start:end]))[:3]
        if not words:
            continue
        label = list(LABELS)[index % len(LABELS)]
        span = {"start": start + words[0].start(), "end": start + words[-1].end(), "label": label,
                "attributes": LABELS[label]}
        try:
            check_spans([SpanInput(span["start"], span["end"], label, span["attributes"])], text=text, rules=rules)
        except Invalid:
            continue
        spans.append(span)
    return spans


def build(database_url: str, annotators: int) -> tuple[list[Annotator], list[dict]]:
    """Migrate the database and make the annotators; returns them and the spans a save may send."""
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": uuid.uuid4().hex})
    with app.app_context():
        upgrade_to_head(db.engine)
        load_schema_folder(session(), REPO / "annotation_schemas")
        version = latest_schema_version(session(), "fact_opinion")
        project = create_project(session(), name="bench", annotation_schema_version=version, annotators_per_text=1)
        seed = SEED.read_text(encoding="utf-8")
        records = [make_record(f"{seed}\n\nCopy {n} for the load benchmark.", f"copy{n}") for n in range(annotators)]
        import_records(session(), project=project, records=records, source="bench")
        texts = session().scalars(select(Text).where(Text.project_id == project.id).order_by(Text.id)).all()
        made = []
        for n, text in enumerate(texts):
            user = create_user(session(), username=f"load{n}", role="annotator", password=PASSWORD)
            assignment = create_assignment(session(), text_id=text.id, annotator=user, schema_version_id=version.id)
            session().flush()
            made.append((user, assignment))
        result = [Annotator(user.username, create_api_token(session(), user=user, name="load"), assignment.id,
                            assignment.annotation_set.id) for user, assignment in made]
        spans = candidate_spans(texts[0].content, SpanRules.of_schema(schema_document(session(), version.id)))
        session().commit()
        db.engine.dispose()
    return result, spans
