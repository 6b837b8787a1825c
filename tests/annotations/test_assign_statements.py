"""`assign` inserts a project's assignments in bulk: as many statements for 20 texts as for 1."""
from sqlalchemy import func, select

from app.annotations.assignments import assign_texts
from app.annotations.models import AnnotationSet, Assignment
from tests.factories import make_project, make_text, make_user
from tests.statements import statements_sent


def assign_project(session, texts: int) -> tuple[int, list[str], object]:
    project = make_project(session, annotators_per_text=2)
    for number in range(texts):
        make_text(session, project, f"Text number {number} of the project.")
    annotators = [make_user(session) for _ in range(3)]
    with statements_sent(session) as sent:
        created = assign_texts(session, project=project, annotators=annotators)
    return created, sent, project


def test_twenty_texts_cost_as_many_statements_as_one(session):
    created_one, sent_one, _ = assign_project(session, 1)
    created_twenty, sent_twenty, _ = assign_project(session, 20)
    assert (created_one, created_twenty) == (2, 40)
    assert len(sent_one) == len(sent_twenty)


def test_every_bulk_assignment_has_its_annotation_set_and_loads_are_even(session):
    created, _, project = assign_project(session, 9)
    rows = session.execute(
        select(Assignment.annotator_id, func.count(AnnotationSet.id))
        .join(AnnotationSet, AnnotationSet.assignment_id == Assignment.id)
        .where(Assignment.text.has(project_id=project.id))
        .group_by(Assignment.annotator_id)
    ).all()
    assert sorted(count for _, count in rows) == [6, 6, 6]
    assert created == 18
