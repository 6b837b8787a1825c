"""Immutable gold releases: freeze the adjudicated gold, stream it out in every format, diff two releases."""
import hashlib
import importlib.util
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import timedelta
from functools import partial
from typing import Any, BinaryIO

from sqlalchemy import Text as TextType, cast, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.agreement.service import agreement_summary, compute_project_agreement
from app.annotation_schemas.models import AnnotationSchemaVersion
from app.audit.service import record_event
from app.auth.models import User
from app.errors import Conflict, Invalid, NotFound
from app.gold.formats import FormatUnavailable, write_export, write_spacy_docbin
from app.gold.models import AdjudicationDecision, AdjudicationItem, GoldAnnotation, GoldRelease, GoldReleaseText
from app.gold.records import AttributeSpec, ExportContext, ExportStats, GoldDocument, GoldSpan
from app.gold.split import assign_split
from app.texts.models import Project, Text

RELEASE_BATCH = 1000
# Release names appear in URLs and file names.
RELEASE_NAME_PATTERN = r"^[\w.\-]+$"
RELEASE_NAME_MAX = 100
# The quick "unchanged" check compares, text by text, the gold of texts decided since this long before the
# previous release: a decision stamped earlier was committed before that release read the gold, since no
# transaction that decides (a request, a policy run) stays open this long.
UNCHANGED_CHECK_MARGIN = timedelta(minutes=5)
# More recently decided texts than this are left to release_gold's full comparison.
UNCHANGED_CHECK_TEXTS = 200


class _HashSink:
    """A write-only stream that only hashes, for the release's canonical sha256."""

    def __init__(self) -> None:
        self.digest = hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        return len(data)

    def flush(self) -> None:
        pass


def check_release(session: Session, *, project: Project, name: str, allow_unchanged: bool = False) -> str:
    """Refuse a release that cannot succeed, before any long work; returns the name without outer spaces.

    Run by release_gold and, before queueing a release job, by the job's start. Whether the gold is unchanged
    is only judged here when that is quick and certain (same texts and schema, no decision since the previous
    release); otherwise release_gold compares the released content.

    :raises Invalid: no name, a name with other characters, or nothing adjudicated yet.
    :raises Conflict: the name is taken (release_exists), or the gold is unchanged (release_unchanged).
    """
    name = name.strip()
    if not name:
        raise Invalid("A release needs a name.", errors={"name": ["Required."]})
    if len(name) > RELEASE_NAME_MAX or not re.fullmatch(RELEASE_NAME_PATTERN, name):
        raise Invalid(f"A release name is up to {RELEASE_NAME_MAX} letters, digits, '.', '_' and '-'.",
                      errors={"name": ["Use letters, digits, . _ -"]})
    if session.scalar(select(GoldRelease.id).where(GoldRelease.project_id == project.id, GoldRelease.name == name)):
        raise _name_taken(project, name)
    adjudicated = select(Text.id).where(Text.project_id == project.id, Text.adjudication_status == "adjudicated")
    if session.scalar(adjudicated.limit(1)) is None:
        raise Invalid("No text of this project is adjudicated yet; adjudicate before releasing.",
                      reason="nothing_adjudicated")
    previous = _latest_release(session, project.id)
    if previous is not None and not allow_unchanged and _surely_unchanged(session, project, previous, adjudicated):
        raise _unchanged(name, previous)
    return name


def _surely_unchanged(session: Session, project: Project, previous: GoldRelease, adjudicated) -> bool:
    """Whether the gold equals the previous release's, where that is quick to tell.

    Gold changes only through decisions, and texts only ever become adjudicated. So with the same adjudicated
    texts under the same schema, only texts decided since shortly before the previous release can differ,
    and when they are few their gold is compared with what the release froze.
    """
    if previous.annotation_schema_version_id != project.annotation_schema_version_id:
        return False
    count = session.scalar(select(func.count()).select_from(adjudicated.subquery()))
    released = session.scalar(select(func.count()).select_from(GoldReleaseText).where(
        GoldReleaseText.release_id == previous.id, GoldReleaseText.text_id.in_(adjudicated)))
    if count != previous.text_count or released != count:
        return False
    decided = session.scalars(
        select(AdjudicationItem.text_id).distinct()
        .join(AdjudicationDecision, AdjudicationDecision.item_id == AdjudicationItem.id)
        .where(AdjudicationItem.text_id.in_(adjudicated),
               AdjudicationDecision.created_at > previous.created_at - UNCHANGED_CHECK_MARGIN)
        .limit(UNCHANGED_CHECK_TEXTS + 1)).all()
    if len(decided) > UNCHANGED_CHECK_TEXTS:
        return False
    current: dict[int, list[str]] = {text_id: [] for text_id in decided}
    for gold in session.scalars(select(GoldAnnotation).where(GoldAnnotation.text_id.in_(decided))):
        current[gold.text_id].append(_span_content(gold.start, gold.end, gold.label, gold.attributes))
    frozen = {text_id: [_span_content(s["start"], s["end"], s["label"], s["attributes"]) for s in spans]
              for text_id, spans in session.execute(select(GoldReleaseText.text_id, GoldReleaseText.spans).where(
                  GoldReleaseText.release_id == previous.id, GoldReleaseText.text_id.in_(decided)))}
    return all(sorted(current[text_id]) == sorted(frozen.get(text_id, [])) for text_id in decided)


def _span_content(start: int, end: int, label: str, attributes: dict[str, Any]) -> str:
    """What a span contributes to a release's content (its provenance aside), comparable as a string."""
    return json.dumps([start, end, label, attributes], sort_keys=True, ensure_ascii=False)


def _name_taken(project: Project, name: str) -> Conflict:
    return Conflict(f"Project '{project.name}' already has a release named '{name}'; releases never change, "
                    "so choose a new name.", reason="release_exists")


def _unchanged(name: str, previous: GoldRelease) -> Conflict:
    return Conflict(f"Release '{name}' would hold exactly what '{previous.name}' holds (same texts, spans and "
                    "attributes), so nothing was released. To release it anyway, allow an unchanged release "
                    "(--allow-unchanged, allow_unchanged, or the checkbox on the Gold page).",
                    reason="release_unchanged")


def release_gold(session: Session, *, project: Project, name: str, user: User | None, notes: str = "",
                 allow_unchanged: bool = False) -> GoldRelease:
    """Freeze the gold of every adjudicated text of the project into a new release.

    :raises Conflict: the name is taken, or (reason release_unchanged) the release would hold exactly what
        the previous one holds and `allow_unchanged` is not set. :raises Invalid: see check_release.
    """
    name = check_release(session, project=project, name=name, allow_unchanged=allow_unchanged)
    text_ids = session.scalars(select(Text.id).where(
        Text.project_id == project.id, Text.adjudication_status == "adjudicated").order_by(Text.id)).all()
    report = compute_project_agreement(session, project=project, text_ids=text_ids, bootstrap_samples=0)
    release = GoldRelease(
        project_id=project.id, name=name, annotation_schema_version_id=project.annotation_schema_version_id,
        sha256="", text_count=len(text_ids), span_count=0, label_counts={}, agreement=agreement_summary(report),
        annotator_count=len(report["annotators"]), adjudicator_count=0, notes=notes,
        created_by_id=user.id if user else None,
    )
    try:
        # A release of the same name made meanwhile shows only here, as the unique constraint.
        with session.begin_nested():
            session.add(release)
            session.flush()
    except IntegrityError as exc:
        raise _name_taken(project, name) from exc
    labels: Counter[str] = Counter()
    adjudicators: set[int] = set()
    per_doc = report["char_alpha_nominal_per_doc"]
    label_index = {label["id"]: i for i, label in enumerate(
        session.get(AnnotationSchemaVersion, project.annotation_schema_version_id).document["labels"])}
    for start in range(0, len(text_ids), RELEASE_BATCH):
        batch = text_ids[start:start + RELEASE_BATCH]
        rows = []
        spans_by_text = _frozen_spans(session, batch, adjudicators)
        for text_id in batch:
            spans = spans_by_text.get(text_id, [])
            labels.update(span["label"] for span in spans)
            offsets = [n for span in spans for n in (span["start"], span["end"], label_index[span["label"]])]
            rows.append({"release_id": release.id, "text_id": text_id, "spans": spans, "offsets": offsets,
                         "meta": {"agreement": {"char_alpha_nominal": per_doc.get(str(text_id))}}})
        session.execute(insert(GoldReleaseText), rows)
    release.span_count = sum(labels.values())
    release.label_counts = dict(sorted(labels.items()))
    release.adjudicator_count = len(adjudicators)
    previous = _latest_release(session, project.id, excluding=release.id)
    if previous is not None and not allow_unchanged and (
            previous.annotation_schema_version_id == release.annotation_schema_version_id
            and _content_fingerprint(session, previous.id) == _content_fingerprint(session, release.id)):
        raise _unchanged(name, previous)
    sink = _HashSink()
    export_release(session, release=release, fmt="jsonl", out=sink)
    release.sha256 = sink.digest.hexdigest()
    session.flush()
    record_event(session, actor_id=user.id if user else None, action="gold.released", target_type="gold_release",
                 target_id=release.id, project_id=project.id,
                 changes={"name": name, "texts": release.text_count, "spans": release.span_count,
                          "sha256": release.sha256, "allow_unchanged": allow_unchanged})
    return release


def _latest_release(session: Session, project_id: int, *, excluding: int | None = None) -> GoldRelease | None:
    query = select(GoldRelease).where(GoldRelease.project_id == project_id)
    if excluding is not None:
        query = query.where(GoldRelease.id != excluding)
    return session.scalars(query.order_by(GoldRelease.created_at.desc(), GoldRelease.id.desc()).limit(1)).first()


def _content_fingerprint(session: Session, release_id: int) -> str:
    """A digest of a release's texts and gold spans, without its name or the decisions' provenance."""
    digest = hashlib.sha256()
    rows = session.execute(select(GoldReleaseText.text_id, GoldReleaseText.spans)
                           .where(GoldReleaseText.release_id == release_id).order_by(GoldReleaseText.text_id))
    for text_id, spans in rows:
        content = [{key: span[key] for key in ("start", "end", "label", "attributes")} for span in spans]
        digest.update(json.dumps([text_id, content], sort_keys=True, ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()


def _frozen_spans(session: Session, text_ids: list[int], adjudicators: set[int]) -> dict[int, list[dict[str, Any]]]:
    rows = session.execute(
        select(GoldAnnotation, AdjudicationDecision.action, AdjudicationDecision.decided_by_id, User.username)
        .join(AdjudicationDecision, AdjudicationDecision.id == GoldAnnotation.decision_id)
        .outerjoin(User, User.id == AdjudicationDecision.decided_by_id)
        .where(GoldAnnotation.text_id.in_(text_ids))
        .order_by(GoldAnnotation.text_id, GoldAnnotation.start, GoldAnnotation.end, GoldAnnotation.label)
    ).all()
    spans: dict[int, list[dict[str, Any]]] = {}
    for gold, action, decided_by_id, username in rows:
        if decided_by_id is not None:
            adjudicators.add(decided_by_id)
        spans.setdefault(gold.text_id, []).append({
            "start": gold.start, "end": gold.end, "label": gold.label, "attributes": gold.attributes,
            "provenance": {"proposed_by": gold.proposed_by, "decision": action, "decision_id": gold.decision_id,
                           "adjudicator": username},
        })
    return spans


def list_releases(session: Session, *, project: Project) -> list[GoldRelease]:
    return list(session.scalars(select(GoldRelease).where(GoldRelease.project_id == project.id)
                                .order_by(GoldRelease.created_at, GoldRelease.id)))


def require_release(session: Session, *, project: Project, name: str) -> GoldRelease:
    release = session.scalars(select(GoldRelease).where(GoldRelease.project_id == project.id,
                                                        GoldRelease.name == name)).one_or_none()
    if release is None:
        raise NotFound(f"Project '{project.name}' has no release '{name}'.")
    return release


def release_text_ids(session: Session, *, release: GoldRelease) -> list[int]:
    """The ids of a release's texts in export order (for splitting an export into chunks)."""
    return list(session.scalars(select(GoldReleaseText.text_id).where(GoldReleaseText.release_id == release.id)
                                .order_by(GoldReleaseText.text_id)))


def export_context(session: Session, release: GoldRelease) -> ExportContext:
    schema = session.get(AnnotationSchemaVersion, release.annotation_schema_version_id)
    labels = schema.document["labels"]
    return ExportContext(
        release=release.name, schema_id=schema.schema_id, schema_version=schema.version,
        labels=tuple(label["id"] for label in labels),
        bio_tags={label["id"]: label["bio_tag"] for label in labels},
        spans_key=schema.document.get("export", {}).get("spans_key", "sc"),
        attributes={label["id"]: tuple(
            AttributeSpec(a["id"], a["type"], tuple(c["value"] for c in a.get("choices", [])))
            for a in label.get("attributes", [])) for label in labels},
    )


def iter_release_rows(session: Session, release: GoldRelease, *, split: tuple[tuple[int, ...], str] | None = None,
                      compact: bool = False, text_range: tuple[int, int] | None = None) -> Iterator[tuple]:
    """The release's texts in id order as plain tuples with their JSON undecoded, a batch at a time.

    Decoding (document_from_row) is left to the caller, so an export can spread it over processes.
    With `compact`, spans come as the flat offsets, without attributes and provenance; with `text_range`
    (first, last text id, inclusive), only that chunk of the release.
    """
    span_column = GoldReleaseText.offsets if compact else GoldReleaseText.spans
    query = (
        select(GoldReleaseText.text_id, cast(span_column, TextType), cast(GoldReleaseText.meta, TextType),
               Text.content, Text.sha256, Text.title, Text.source_url, Text.external_id)
        .join(Text, Text.id == GoldReleaseText.text_id)
        .where(GoldReleaseText.release_id == release.id)
        .order_by(GoldReleaseText.text_id)
        .execution_options(yield_per=500)
    )
    if text_range is not None:
        query = query.where(GoldReleaseText.text_id.between(*text_range))
    # Executed here, in the caller's thread (the session finds its engine through the app context);
    # an export may then read the rows from a worker-feeding thread.
    return _rows_of(session.execute(query), split)


def _rows_of(result, split: tuple[tuple[int, ...], str] | None) -> Iterator[tuple]:
    with result:  # closes PostgreSQL's server-side cursor however the export ends
        for row in result:
            if split is None or assign_split(str(row[0]), split[0]) == split[1]:
                yield tuple(row)


def document_from_row(row: tuple, labels: tuple[str, ...] | None = None) -> GoldDocument:
    """A GoldDocument from iter_release_rows; `labels` (the export's label order) decodes compact rows."""
    text_id, spans_json, meta_json, content, sha256, title, source_url, external_id = row
    spans = json.loads(spans_json)
    if labels is not None:
        gold = tuple(GoldSpan(spans[i], spans[i + 1], labels[spans[i + 2]]) for i in range(0, len(spans), 3))
    else:
        gold = tuple(GoldSpan(s["start"], s["end"], s["label"], s["attributes"], s["provenance"]) for s in spans)
    meta = {"title": title, "source_url": source_url, "external_id": external_id, **json.loads(meta_json)}
    return GoldDocument(id=str(text_id), text=content, sha256=sha256, spans=gold, meta=meta)


def iter_release_documents(session: Session, release: GoldRelease, *, split: tuple[tuple[int, ...], str] | None = None
                           ) -> Iterator[GoldDocument]:
    return map(document_from_row, iter_release_rows(session, release, split=split))


TOKEN_TAG_FORMATS = ("hf", "conll")


def export_release(session: Session, *, release: GoldRelease, fmt: str, out: BinaryIO,
                   split: tuple[tuple[int, ...], str] | None = None,
                   on_document: Callable[[], None] | None = None, workers: int = 1,
                   text_range: tuple[int, int] | None = None, header: bool = True) -> ExportStats:
    """Stream a release in a format; `workers` processes decode and render texts in parallel.

    `text_range` and `header` (CSV's first line) let chunks of one export be written apart and concatenated.

    :raises Invalid: unknown format.
    """
    context = export_context(session, release)
    compact = fmt in TOKEN_TAG_FORMATS
    prepare = partial(document_from_row, labels=context.labels if compact else None)
    rows = iter_release_rows(session, release, split=split, compact=compact, text_range=text_range)
    try:
        return write_export(fmt, rows, out, context, on_document=on_document, prepare=prepare, workers=workers,
                            header=header)
    except ValueError as exc:
        raise Invalid(str(exc), reason="bad_format") from exc
    finally:
        # An export stopped midway (a cancelled job) closes its server-side cursor now, while the
        # transaction is alive, not whenever the generator is collected.
        rows.close()


def export_release_docbin(session: Session, *, release: GoldRelease, path: str,
                          split: tuple[tuple[int, ...], str] | None = None) -> ExportStats:
    """The spaCy DocBin beside the spaCy JSONL. :raises FormatUnavailable: spaCy is not installed."""
    if importlib.util.find_spec("spacy") is None:
        raise FormatUnavailable("The .spacy format needs spaCy: pip install spacy")
    return write_spacy_docbin(iter_release_documents(session, release, split=split), path,
                              export_context(session, release))


def diff_releases(session: Session, *, first: GoldRelease, second: GoldRelease) -> dict[str, Any]:
    """Spans added, removed and changed (same place and label, other attributes) from first to second."""
    def spans_of(release: GoldRelease) -> dict[tuple[int, int, int, str], dict[str, Any]]:
        rows = session.execute(select(GoldReleaseText.text_id, GoldReleaseText.spans)
                               .where(GoldReleaseText.release_id == release.id))
        return {(text_id, s["start"], s["end"], s["label"]): s["attributes"] for text_id, spans in rows for s in spans}

    before, after = spans_of(first), spans_of(second)
    return {
        "from": first.name, "to": second.name,
        "added": [_as_span(k, after[k]) for k in sorted(after.keys() - before.keys())],
        "removed": [_as_span(k, before[k]) for k in sorted(before.keys() - after.keys())],
        "changed": [dict(_as_span(k, after[k]), attributes_before=before[k])
                    for k in sorted(before.keys() & after.keys()) if before[k] != after[k]],
    }


def _as_span(key: tuple[int, int, int, str], attributes: dict[str, Any]) -> dict[str, Any]:
    return {"text_id": key[0], "start": key[1], "end": key[2], "label": key[3], "attributes": attributes}

