"""Train a tagger on a gold release, run a suggester over a project's open texts, evaluate against the gold."""
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from app.agreement.service import compute_project_agreement
from app.annotations.models import Assignment
from app.auth.models import User
from app.errors import Invalid, NotFound
from app.gold.models import GoldRelease, GoldReleaseText
from app.gold.releases import require_release
from app.suggestions.crf import CrfSuggester, TrainingText, train
from app.suggestions.model_files import Suggesting, open_model, rules, write_sidecar
from app.suggestions.models import Suggester
from app.suggestions.layout import layout
from app.suggestions.scoring import group_folds, score, shared_sentences
from app.suggestions.service import store_suggestions, suggester_named
from app.texts.models import Project, Text

RUN_BATCH = 200


@dataclass(frozen=True)
class GoldText:
    text_id: int
    content: str
    spans: tuple[tuple[int, int, str], ...]
    group: str  # texts of one group (the text's meta "group", else the text alone) stay in one fold


def release_texts(session: Session, release: GoldRelease) -> list[GoldText]:
    rows = session.execute(select(GoldReleaseText.text_id, Text.content, GoldReleaseText.spans, Text.meta)
                           .join(Text, Text.id == GoldReleaseText.text_id)
                           .where(GoldReleaseText.release_id == release.id).order_by(GoldReleaseText.text_id))
    return [GoldText(text_id, content, tuple((s["start"], s["end"], s["label"]) for s in spans),
                     _group(text_id, meta)) for text_id, content, spans, meta in rows]


def _group(text_id: int, meta: dict | None) -> str:
    group = (meta or {}).get("group")
    return f"group {group}" if isinstance(group, (str, int)) and not isinstance(group, bool) else f"text {text_id}"


def _sentences(content: str) -> frozenset[str]:
    """The text's sentences, whitespace collapsed, for the leakage count."""
    shape = layout(content)
    return frozenset(" ".join(content[shape.starts[a]:shape.ends[b - 1]].split()) for a, b in shape.sentence_bounds)


def train_suggester(session: Session, *, project: Project, release_name: str, models_dir: Path,
                    user: User | None = None) -> Suggester:
    """A new tagger version (crf-1, crf-2, …) trained on the release, its file beside the database.

    :raises NotFound: no such release. :raises Invalid: the release holds no text.
    """
    release = require_release(session, project=project, name=release_name)
    texts = release_texts(session, release)
    if not texts:
        raise Invalid(f"Release {release.name} holds no text to learn from.", reason="empty_release")
    version = 1 + len(session.scalars(select(Suggester.id).where(Suggester.project_id == project.id,
                                                                 Suggester.kind == "crf")).all())
    name = f"crf-{version}"
    relative = Path(f"project-{project.id}") / f"{name}.crfsuite"
    schema = project.annotation_schema_version.document
    report = train((TrainingText(t.content, t.spans) for t in texts), schema_document=schema,
                   model_path=models_dir / relative)
    metrics = {"texts": report.texts, "sentences": report.sentences, "tokens": report.tokens, "spans": report.spans,
               "seconds": report.seconds, "release": release.name}
    sha = write_sidecar(models_dir / relative, name=name, schema_document=schema, metrics=metrics)
    return suggester_named(session, project=project, name=name, kind="crf", user=user, release_id=release.id,
                           model_path=str(relative), model_sha256=sha, metrics=metrics)


def latest_suggester(session: Session, *, project: Project, suggester_id: int | None = None) -> Suggester | None:
    """The named suggester, or the newest trained tagger (None: use the rules).

    :raises NotFound: the id is not a suggester of this project.
    """
    if suggester_id is not None:
        suggester = session.get(Suggester, suggester_id)
        if suggester is None or suggester.project_id != project.id:
            raise NotFound(f"Project '{project.name}' has no suggester {suggester_id}.")
        return suggester
    return session.scalars(select(Suggester).where(Suggester.project_id == project.id, Suggester.kind == "crf")
                           .order_by(Suggester.id.desc()).limit(1)).first()


def open_suggester(project: Project, suggester: Suggester | None, models_dir: Path) -> Suggesting:
    """:raises Invalid: an imported source (it cannot propose anything new) or a missing model file."""
    if suggester is None or suggester.kind == "rules":
        return rules(project.annotation_schema_version.document)
    if suggester.kind != "crf" or not suggester.model_path:
        raise Invalid(f"{suggester.name} is an imported source; it cannot make new suggestions.")
    try:
        return open_model(models_dir / suggester.model_path)
    except (FileNotFoundError, OSError) as exc:
        raise Invalid(f"The model file of {suggester.name} is missing from {models_dir}.",
                      reason="model_missing") from exc


@dataclass(frozen=True)
class RunReport:
    suggester: str
    texts: int
    suggestions: int
    seconds: float


def run_suggester(session: Session, *, project: Project, models_dir: Path, suggester_id: int | None = None
                  ) -> RunReport:
    """Propose on every text nobody has submitted yet; each text's uncertainty is kept for queue ordering."""
    began = time.perf_counter()
    row = latest_suggester(session, project=project, suggester_id=suggester_id)
    model = open_suggester(project, row, models_dir)
    row = row or suggester_named(session, project=project, name="rules", kind="rules")
    submitted = exists().where(Assignment.text_id == Text.id, Assignment.status == "submitted")
    text_ids = list(session.scalars(select(Text.id).where(Text.project_id == project.id, ~submitted)
                                    .order_by(Text.id)))
    stored = 0
    for first in range(0, len(text_ids), RUN_BATCH):
        for text in session.scalars(select(Text).where(Text.id.in_(text_ids[first:first + RUN_BATCH]))):
            spans, uncertainty = model.suggest(text.content)
            stored += store_suggestions(session, text=text, suggester=row, spans=[
                {"start": s.start, "end": s.end, "label": s.label, "confidence": s.confidence} for s in spans])
            text.model_uncertainty = uncertainty
    session.flush()
    return RunReport(row.name, len(text_ids), stored, round(time.perf_counter() - began, 2))


def evaluate_suggester(session: Session, *, project: Project, release_name: str, folds: int = 5) -> dict:
    """Cross-validated tagger and the rules against the release's gold, per label, beside the annotators'
    own agreement on the same texts. Texts that carry a `group` in their meta (variations of one source,
    parts of one article) are held out together, and the report counts held-out sentences that the
    fold's training texts also contain, so leakage shows instead of inflating the figures.

    :raises NotFound: no such release. :raises Invalid: fewer than two texts or groups.
    """
    release = require_release(session, project=project, name=release_name)
    texts = release_texts(session, release)
    if len(texts) < 2:
        raise Invalid("Cross-validation needs at least two texts in the release.", reason="too_few_texts")
    schema = project.annotation_schema_version.document
    labels = [label["id"] for label in schema["labels"]]
    try:
        groups = group_folds([t.group for t in texts], folds)
    except ValueError as exc:
        raise Invalid("Cross-validation needs texts in at least two groups; every text of this release has the "
                      "same meta group.", reason="too_few_groups") from exc
    shared, held_sentences = shared_sentences([_sentences(t.content) for t in texts], groups)
    predicted: dict[int, list] = {}
    with tempfile.TemporaryDirectory(prefix="factspan-cv-") as folder:
        for k, held_out in enumerate(groups):
            held = set(held_out)
            model_path = Path(folder) / f"fold-{k}.crfsuite"
            train((TrainingText(t.content, t.spans) for i, t in enumerate(texts) if i not in held),
                  schema_document=schema, model_path=model_path)
            tagger = CrfSuggester(model_path, schema)
            for i in held_out:
                predicted[i] = [(s.start, s.end, s.label) for s in tagger.suggest(texts[i].content)[0]]
    rule_model = rules(schema)
    model_scores = score(((str(t.text_id), t.content, t.spans, predicted[i]) for i, t in enumerate(texts)), labels)
    rule_scores = score(((str(t.text_id), t.content, t.spans,
                          [(s.start, s.end, s.label) for s in rule_model.suggest(t.content)[0]])
                         for t in texts), labels)
    human = compute_project_agreement(session, project=project, bootstrap_samples=0,
                                      text_ids=[t.text_id for t in texts])
    per_label = human.get("per_label", {})
    return {
        "release": release.name, "texts": len(texts), "folds": len(groups),
        "groups": len({t.group for t in texts}), "split": "by group" if any(
            t.group.startswith("group ") for t in texts) else "by text",
        "shared_sentences": {"held_out": held_sentences, "also_in_training": shared},
        "annotators": human.get("annotators", []),
        "labels": {label: {"model": model_scores[label], "rules": rule_scores[label],
                           "annotators": {kind: (per_label.get(label) or {}).get(f"span_f1_{kind}_mean")
                                          for kind in ("exact", "overlap")}} for label in labels},
    }
