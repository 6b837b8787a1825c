"""Adjudicating a project at once leaves what adjudicating it text by text leaves, in a fixed number of statements."""
from sqlalchemy import select

from app.annotations.models import Assignment, Span
from app.gold.models import AdjudicationDecision, AdjudicationItem, GoldAnnotation
from app.gold.service import adjudicate_project
from app.gold.workflow import settle_open_items, start_adjudication
from app.texts.models import Text
from tests.factories import make_assignment, make_project, make_text, make_user
from tests.statements import statements_sent

TEXT = "Alpha said one thing. Beta said another. Gamma doubts both. Delta agrees with none of them."
CLAIM, READOUT = "unverifiable_claim", "sourced_readout"
# Per text: each annotator's spans as (start, end, label, attributes); None leaves the assignment a draft.
TEXTS = [
    # Exact agreement, a 2-1 label split, a span only one annotator marked.
    [[(0, 5, CLAIM, {}), (22, 26, READOUT, {"source": "x"})],
     [(0, 5, CLAIM, {}), (22, 26, READOUT, {"source": "x"}), (41, 46, CLAIM, {})],
     [(0, 5, CLAIM, {}), (22, 26, CLAIM, {})]],
    # Attributes differ among the majority, and a span nobody else saw.
    [[(6, 10, READOUT, {"source": "x"})], [(6, 10, READOUT, {"source": "y"})], [(60, 65, CLAIM, {})]],
    # Everyone found nothing.
    [[], [], []],
    # One annotator still drafting: the text waits.
    [[(0, 5, CLAIM, {})], [(0, 5, CLAIM, {})], None],
]


def make_annotated_project(session, annotators, *, texts=TEXTS):
    project = make_project(session)
    for number, per_annotator in enumerate(texts):
        text = make_text(session, project, f"{TEXT} Text {number}.")
        for annotator, spans in zip(annotators, per_annotator):
            assignment = make_assignment(session, text=text, annotator=annotator)
            for start, end, label, attributes in spans or ():
                session.add(Span(annotation_set_id=assignment.annotation_set.id, start=start, end=end, label=label,
                                 attributes=attributes))
            assignment.status = "draft" if spans is None else "submitted"
    session.flush()
    return project


def adjudicate_text_by_text(session, project, *, policy, min_annotators=2):
    """The per-text workflow, as the project command ran it before it worked set-based."""
    for text in session.scalars(select(Text).where(Text.project_id == project.id).order_by(Text.id)):
        statuses = {a.status for a in session.scalars(select(Assignment).where(Assignment.text_id == text.id))}
        if statuses != {"submitted"}:
            continue
        if text.adjudication_status == "pending":
            start_adjudication(session, text=text, policy=policy, min_annotators=min_annotators)
        settle_open_items(session, text=text, policy=policy, min_annotators=min_annotators)
    session.flush()


def snapshot(session, project):
    """Everything adjudication wrote for the project, without ids, text by text."""
    session.expire_all()
    state = []
    for text in session.scalars(select(Text).where(Text.project_id == project.id).order_by(Text.id)):
        items = []
        for item in session.scalars(select(AdjudicationItem).where(AdjudicationItem.text_id == text.id)
                                    .order_by(AdjudicationItem.start)):
            decisions = [(d.item_revision, d.action, d.policy, d.decided_by_id, d.tally, d.result)
                         for d in session.scalars(select(AdjudicationDecision).where(AdjudicationDecision.item_id == item.id)
                                                  .order_by(AdjudicationDecision.item_revision))]
            gold = [(g.start, g.end, g.label, g.attributes, g.proposed_by, g.item_revision)
                    for g in session.scalars(select(GoldAnnotation).where(GoldAnnotation.item_id == item.id)
                                             .order_by(GoldAnnotation.start))]
            items.append((item.start, item.end, item.kind, item.status, item.revision, item.proposals,
                          item.annotators, decisions, gold))
        state.append((text.adjudication_status, items))
    return state


def test_majority_over_a_project_equals_the_per_text_workflow(session):
    annotators = [make_user(session, username=name) for name in ("ann_a", "ann_b", "ann_c")]
    at_once, text_by_text = (make_annotated_project(session, annotators) for _ in range(2))
    report = adjudicate_project(session, project=at_once, policy="majority", min_annotators=2)
    adjudicate_text_by_text(session, text_by_text, policy="majority")
    assert snapshot(session, at_once) == snapshot(session, text_by_text)
    assert (report.texts_started, report.texts_waiting) == (3, 1)
    assert report.items_settled > 0 and report.items_open > 0


def test_items_left_open_by_an_earlier_policy_are_settled_like_the_per_text_workflow(session):
    annotators = [make_user(session, username=name) for name in ("ann_a", "ann_b", "ann_c")]
    at_once, text_by_text = (make_annotated_project(session, annotators) for _ in range(2))
    for project in (at_once, text_by_text):
        adjudicate_text_by_text(session, project, policy="unanimous")
    adjudicate_project(session, project=at_once, policy="majority", min_annotators=2)
    adjudicate_text_by_text(session, text_by_text, policy="majority")
    assert snapshot(session, at_once) == snapshot(session, text_by_text)


def test_a_second_run_changes_nothing(session):
    annotators = [make_user(session, username=name) for name in ("ann_a", "ann_b", "ann_c")]
    project = make_annotated_project(session, annotators)
    adjudicate_project(session, project=project, policy="majority", min_annotators=2)
    before = snapshot(session, project)
    report = adjudicate_project(session, project=project, policy="majority", min_annotators=2)
    assert snapshot(session, project) == before
    assert (report.texts_started, report.items_settled) == (0, 0)


def test_ten_times_the_texts_cost_as_many_statements(session):
    annotators = [make_user(session, username=name) for name in ("ann_a", "ann_b", "ann_c")]
    sent = []
    for copies in (1, 10):
        project = make_annotated_project(session, annotators, texts=TEXTS * copies)
        with statements_sent(session) as statements:
            adjudicate_project(session, project=project, policy="majority", min_annotators=2)
        sent.append(len(statements))
    assert sent[0] == sent[1]


def test_texts_the_session_holds_show_their_new_state(session):
    annotators = [make_user(session, username=name) for name in ("ann_a", "ann_b", "ann_c")]
    project = make_annotated_project(session, annotators)
    texts = session.scalars(select(Text).where(Text.project_id == project.id).order_by(Text.id)).all()
    adjudicate_project(session, project=project, policy="majority", min_annotators=2)
    stored = session.scalars(select(Text.adjudication_status).where(Text.project_id == project.id)
                             .order_by(Text.id)).all()
    assert [text.adjudication_status for text in texts] == stored
    assert stored[-1] == "pending" and set(stored[:-1]) <= {"in_progress", "adjudicated"}
