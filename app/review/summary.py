"""The editorial summary (characters per label, verdict counts by rating) and the printable annotated article."""
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.gold.models import GoldAnnotation, GoldRelease, GoldReleaseText
from app.review.coverage import UNLABELLED, label_characters, segments, shares
from app.review.models import Claim, Verdict
from app.review.service import gold_versions
from app.review.sources import project_review_settings
from app.texts.models import Project, Text


def default_gold_version(session: Session, project: Project) -> str:
    """The gold the newest claims were built from ("" for the current gold)."""
    versions = gold_versions(session, project=project)
    return versions[0] if versions else ""


def gold_spans(session: Session, *, project: Project, gold_version: str,
               text_ids: Sequence[int] | None = None) -> dict[int, list[tuple[int, int, str]]]:
    """(start, end, label) of each text's gold in the gold version."""
    spans: dict[int, list[tuple[int, int, str]]] = {}
    if gold_version:
        query = (select(GoldReleaseText.text_id, GoldReleaseText.spans)
                 .join(GoldRelease, GoldRelease.id == GoldReleaseText.release_id)
                 .where(GoldRelease.project_id == project.id, GoldRelease.name == gold_version))
        if text_ids is not None:
            query = query.where(GoldReleaseText.text_id.in_(text_ids))
        for text_id, frozen in session.execute(query):
            spans[text_id] = [(s["start"], s["end"], s["label"]) for s in frozen]
        return spans
    query = (select(GoldAnnotation.text_id, GoldAnnotation.start, GoldAnnotation.end, GoldAnnotation.label)
             .join(Text, Text.id == GoldAnnotation.text_id)
             .where(Text.project_id == project.id, Text.adjudication_status == "adjudicated"))
    if text_ids is not None:
        query = query.where(GoldAnnotation.text_id.in_(text_ids))
    for text_id, start, end, label in session.execute(query.order_by(GoldAnnotation.start)):
        spans.setdefault(text_id, []).append((start, end, label))
    return spans


def _label_names(project: Project) -> dict[str, str]:
    return {label["id"]: label["name"] for label in project.annotation_schema_version.document["labels"]}


def rating_counts(session: Session, *, project: Project, gold_version: str,
                  text_id: int | None = None) -> list[dict[str, Any]]:
    """Claims by check type, rating and status of their latest verdict."""
    names = {c.id: (c.name, {r.value: r.name for r in c.scale})
             for c in project_review_settings(session, project).check_types.values()}
    query = (select(Claim.check_type, Claim.rating, Claim.status, func.count())
             .where(Claim.project_id == project.id, Claim.gold_version == gold_version, Claim.rating.is_not(None))
             .group_by(Claim.check_type, Claim.rating, Claim.status))
    if text_id is not None:
        query = query.where(Claim.text_id == text_id)
    rows = []
    for check_type, rating, status, count in session.execute(query):
        check_name, ratings = names.get(check_type, (check_type, {}))
        rows.append({"check_type": check_type, "check_type_name": check_name, "rating": rating,
                     "rating_name": ratings.get(rating, rating), "status": status, "count": count})
    return sorted(rows, key=lambda row: (row["check_type_name"], row["rating_name"], row["status"]))


def text_rows(session: Session, *, project: Project, gold_version: str,
              text_ids: Sequence[int] | None = None) -> list[dict[str, Any]]:
    """Per text: its characters and the share of them under each label and under none."""
    spans = gold_spans(session, project=project, gold_version=gold_version, text_ids=text_ids)
    query = select(Text.id, Text.title, Text.char_count).where(Text.id.in_(list(spans))).order_by(Text.id)
    rows = []
    for text_id, title, length in session.execute(query):
        counts = label_characters(length, spans[text_id])
        rows.append({"text_id": text_id, "title": title, "characters": length, "counts": counts,
                     "shares": shares(counts, length)})
    return rows


def project_summary(session: Session, *, project: Project, gold_version: str | None = None) -> dict[str, Any]:
    """Label shares per text and over the project, and verdict counts by rating."""
    version = default_gold_version(session, project) if gold_version is None else gold_version
    rows = text_rows(session, project=project, gold_version=version)
    total = sum(row["characters"] for row in rows)
    totals: dict[str, int] = {}
    for row in rows:
        for label, count in row["counts"].items():
            totals[label] = totals.get(label, 0) + count
    return {"gold_version": version, "labels": {**_label_names(project), UNLABELLED: "Unlabelled"},
            "texts": rows, "characters": total, "shares": shares(totals, total),
            "ratings": rating_counts(session, project=project, gold_version=version)}


def text_summary(session: Session, *, text: Text, gold_version: str | None = None) -> dict[str, Any]:
    project = text.project
    version = default_gold_version(session, project) if gold_version is None else gold_version
    rows = text_rows(session, project=project, gold_version=version, text_ids=[text.id])
    return {"gold_version": version, "text_id": text.id, "title": text.title,
            "labels": {**_label_names(project), UNLABELLED: "Unlabelled"},
            "shares": rows[0]["shares"] if rows else {UNLABELLED: 1.0},
            "ratings": rating_counts(session, project=project, gold_version=version, text_id=text.id)}


def article(session: Session, *, text: Text, gold_version: str | None = None) -> dict[str, Any]:
    """The text cut into runs (gold spans coloured by label) with each claim's latest verdict beside its span."""
    project = text.project
    version = default_gold_version(session, project) if gold_version is None else gold_version
    claims = {(c.start, c.end, c.label): c for c in session.scalars(
        select(Claim).where(Claim.text_id == text.id, Claim.gold_version == version))}
    latest = {}
    if claims:
        for verdict in session.scalars(select(Verdict).where(Verdict.claim_id.in_([c.id for c in claims.values()]))
                                       .order_by(Verdict.number)):
            latest[verdict.claim_id] = verdict
    marks = []
    notes = []
    for start, end, label in gold_spans(session, project=project, gold_version=version, text_ids=[text.id]).get(
            text.id, []):
        claim = claims.get((start, end, label))
        verdict = latest.get(claim.id) if claim else None
        note = len(notes) + 1 if verdict else None
        if verdict:
            notes.append({"number": note, "claim": claim, "verdict": verdict})
        marks.append((start, end, {"label": label, "note": note, "claim_id": claim.id if claim else None}))
    runs = [{"text": text.content[start:end], **(payload or {})}
            for start, end, payload in segments(text.char_count, marks)]
    return {"gold_version": version, "text": text, "runs": runs, "notes": notes, "labels": _label_names(project)}
