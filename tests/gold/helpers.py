"""A project whose three annotators submitted a text with agreed and disputed spans."""
from app.annotations.saving import save_annotation_set
from app.annotations.service import submit_annotation_set
from app.annotations.spans import SpanInput
from tests.factories import make_assignment, make_project, make_text, make_user

TEXT = ("Xi invited Putin to visit China, and Putin accepted. I think the exercise was discussed. "
        "Because Putin wanted to warn Xi. They also discussed Cuba.")
READOUT = {"source": "chinese_readout"}
INFERENCE = {"inference_type": "speculation"}
CLAIM = {"reason": "motive_or_intent", "check_worthiness": "high"}


def span(phrase: str, label: str, attributes: dict, trim_end: int = 0) -> SpanInput:
    start = TEXT.index(phrase)
    return SpanInput(start, start + len(phrase) - trim_end, label, attributes)


def submitted_project(session, *, name="Gold project", text=TEXT, policy="unanimous"):
    """annotator a and b agree everywhere; c differs on the inference's end and calls the motive an inference.

    The project pre-accepts by `policy` (these tests want unanimity unless they say otherwise).
    """
    project = make_project(session, name=name, settings={"adjudication": {"policy": policy}})
    stored = make_text(session, project, text, title="Readout commentary")
    agreed = span("Xi invited Putin to visit China, and Putin accepted", "sourced_readout", READOUT)
    inference = span("I think the exercise was discussed", "author_inference", INFERENCE)
    motive = span("Because Putin wanted to warn Xi", "unverifiable_claim", CLAIM)
    plans = {
        "ann_a": [agreed, inference, motive],
        "ann_b": [agreed, inference, motive],
        "ann_c": [agreed, span("I think the exercise was discussed", "author_inference", INFERENCE, trim_end=10),
                  SpanInput(motive.start, motive.end, "author_inference", INFERENCE)],
    }
    users = {}
    for username, spans in plans.items():
        user = make_user(session, username=f"{username}_{project.id}")
        users[username] = user
        assignment = make_assignment(session, text=stored, annotator=user)
        set_id = assignment.annotation_set.id
        save_annotation_set(session, annotation_set_id=set_id, user=user, version=1, spans=spans)
        submit_annotation_set(session, annotation_set_id=set_id, user=user, version=2)
    return project, stored, users
