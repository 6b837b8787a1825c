"""A project with a row in every archived table, and the tools to compare two databases' copies of it."""
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.annotations.models import AnnotationSet, Assignment
from app.annotations.saving import save_annotation_set
from app.annotations.service import submit_annotation_set
from app.annotations.spans import SpanInput
from app.archive.tables import BLANKED_COLUMNS, SHARED_KEYS, ArchivedTable, project_rows
from app.gold.releases import release_gold
from app.gold.service import adjudicate_project
from app.review.service import add_comment, build_queue
from app.review.workflow import create_verdict, publish_verdict, sign_off, submit_verdict
from app.suggestions.service import accept_suggestions, reject_suggestion, store_suggestions, suggester_named
from app.texts.models import Project
from tests.factories import make_assignment, make_text, make_user
from tests.gold.helpers import TEXT, submitted_project
from tests.review.conftest import claim_for
from tests.review.helpers import add_readouts, released_seed_project
from tests.suggestions.helpers import TEXT as SUGGESTED_TEXT, phrase_span, text_suggestions

PROJECT = "Seed project"


def build_desk(session: Session) -> Project:
    """The seed project with imported gold, a text three annotators submitted and a majority adjudicated, a
    second release, a published verdict with evidence and a comment, and suggestions accepted and rejected.

    The annotators' own project ("Neighbour") sits beside it, so an archive that takes too much is noticed.
    """
    project = released_seed_project(session, release="v1")
    admin = make_user(session, "admin", username="desk-admin")
    _, _, users = submitted_project(session, name="Neighbour", text=TEXT)
    neighbour_text = make_text(session, project, TEXT, title="Annotated here too")
    _annotate_like(session, neighbour_text, users)
    adjudicate_project(session, project=project, policy="majority", min_annotators=2)
    _suggest(session, project, users)
    release_gold(session, project=project, name="v2", user=admin, notes="with the adjudicated text")
    _review(session, project)
    return project


def _annotate_like(session: Session, text, users: dict) -> None:
    """The neighbour project's three annotators annotate `text` the same way they did theirs."""
    for user in users.values():
        theirs = session.scalars(select(AnnotationSet).join(Assignment).where(Assignment.annotator_id == user.id)).one()
        spans = [SpanInput(s.start, s.end, s.label, s.attributes) for s in theirs.spans]
        set_id = make_assignment(session, text=text, annotator=user).annotation_set.id
        save_annotation_set(session, annotation_set_id=set_id, user=user, version=1, spans=spans)
        submit_annotation_set(session, annotation_set_id=set_id, user=user, version=2)


def _suggest(session: Session, project: Project, users: dict) -> None:
    text = make_text(session, project, SUGGESTED_TEXT, title="Suggested")
    suggester = suggester_named(session, project=project, name="rules", kind="rules")
    store_suggestions(session, text=text, suggester=suggester, spans=[
        phrase_span("Xi said the talks were frank", "sourced_readout", {"source": "russian_readout"}, 0.9),
        phrase_span("I think they will meet again", "author_inference", {}, 0.6)])
    accepted, rejected = sorted(text_suggestions(session, text), key=lambda s: s.start)
    annotator = users["ann_a"]
    set_id = make_assignment(session, text=text, annotator=annotator).annotation_set.id
    accept_suggestions(session, annotation_set_id=set_id, suggestion_ids=[accepted.id], user=annotator, version=1)
    reject_suggestion(session, suggestion_id=rejected.id, user=annotator)


def _review(session: Session, project: Project) -> None:
    author, second = make_user(session, "editor"), make_user(session, "editor")
    sources = add_readouts(session, project, author)
    build_queue(session, project=project, release_name="v1")
    claim = claim_for(session, project, "The conversation lasted")
    verdict = create_verdict(session, claim=claim, user=author, fields={
        "check_type": "attribution_fidelity", "rating": "accurate", "claim_reviewed": "The call lasted 85 minutes",
        "explanation": "The readout gives the same length."},
        evidence=[{"kind": "source_passage", "source_id": sources[0].id, "start": claim.match_start,
                   "end": claim.match_end, "score": claim.match_score}])
    submit_verdict(session, verdict=verdict, user=author, version=verdict.lock_version)
    sign_off(session, verdict=verdict, user=second, version=verdict.lock_version)
    publish_verdict(session, verdict=verdict, user=second, version=verdict.lock_version)
    add_comment(session, claim=claim, user=second, body="Checked against the Kremlin readout.")


def project_tables(session: Session, plan: list[ArchivedTable], project_id: int) -> dict[str, list[dict[str, Any]]]:
    """Every archived table's rows of the project, in id order, as the archive should carry them."""
    where = project_rows(plan, project_id)
    return {entry.name: [{**row, **BLANKED_COLUMNS.get(entry.name, {})} for row in session.execute(
        select(entry.table).where(where[entry.name]).order_by(*entry.table.primary_key.columns)).mappings()]
        for entry in plan}


def shared_id_maps(source: dict[str, list[dict]], target: dict[str, list[dict]]) -> dict[str, dict[int, int]]:
    """Source id -> target id of each shared row, found by its natural key."""
    maps = {}
    for name, keys in SHARED_KEYS.items():
        by_key = {tuple(row[k] for k in keys): row["id"] for row in target[name]}
        maps[name] = {row["id"]: by_key[tuple(row[k] for k in keys)] for row in source[name]}
    return maps


def translated(plan: list[ArchivedTable], tables: dict[str, list[dict]], maps: dict[str, dict[int, int]]
               ) -> dict[str, list[dict]]:
    """The source rows with every reference to a shared row (and the shared rows' own ids) in target ids."""
    result = {}
    for entry in plan:
        fks = [(fk.parent.key, maps[fk.column.table.name]) for fk in entry.table.foreign_keys
               if fk.column.table.name in maps]
        if entry.name in maps:
            fks.append(("id", maps[entry.name]))
        result[entry.name] = [{**row, **{key: mapping.get(row[key], row[key]) for key, mapping in fks
                                         if row[key] is not None}} for row in tables[entry.name]]
    return result
