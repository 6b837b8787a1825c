"""Test data for agreement: a project whose annotators save and submit spans through the services."""
from dataclasses import dataclass, field

from app.annotations.models import Assignment
from app.annotations.saving import save_annotation_set
from app.annotations.service import submit_annotation_set
from app.annotations.spans import SpanInput
from tests.factories import make_assignment, make_project, make_text, make_user

TEXT = "Xi invited Putin to visit China. I think he will go."
READOUT = (0, 31, "sourced_readout")
INFERENCE = (33, 52, "author_inference")
# The attributes each label requires before a set can be submitted.
ATTRIBUTES = {
    "sourced_readout": {"source": "chinese_readout"},
    "author_inference": {"inference_type": "speculation"},
    "unverifiable_claim": {"reason": "other", "check_worthiness": "low"},
}


@dataclass
class Setup:
    project: object
    texts: list
    annotators: list
    assignments: dict = field(default_factory=dict)  # (text index, annotator index) -> Assignment

    def names(self) -> list[str]:
        return [a.username for a in self.annotators]


def staff(session, role: str = "reviewer"):
    """A staff user for bearer-token requests; no password, since hashing one is slow."""
    return make_user(session, role, password=None)


def annotate(session, assignment: Assignment, spans, *, submit: bool = True) -> None:
    """Save `spans` ((start, end, label) tuples) as the assignment's annotator, then submit unless told not to."""
    annotation_set = assignment.annotation_set
    inputs = [SpanInput(start, end, label, ATTRIBUTES[label]) for start, end, label in spans]
    saved = save_annotation_set(session, annotation_set_id=annotation_set.id, user=assignment.annotator,
                                version=annotation_set.version, spans=inputs)
    if submit:
        submit_annotation_set(session, annotation_set_id=saved.id, user=assignment.annotator, version=saved.version)


def make_setup(session, *, texts: int = 1, annotators: int = 3, contents=None, **project_fields) -> Setup:
    """A project with `texts` texts, each assigned to every one of `annotators` annotators (nothing saved yet)."""
    project = make_project(session, **project_fields)
    contents = contents or [f"{TEXT} Item {i}." if i else TEXT for i in range(texts)]
    made_texts = [make_text(session, project, content, title=f"Text {i}") for i, content in enumerate(contents)]
    users = [make_user(session, password=None) for _ in range(annotators)]
    setup = Setup(project=project, texts=made_texts, annotators=users)
    for t, text in enumerate(made_texts):
        for a, user in enumerate(users):
            setup.assignments[(t, a)] = make_assignment(session, text=text, annotator=user)
    return setup


def three_way(session, **project_fields) -> Setup:
    """One text, three annotators who all submitted: two agree, the third differs on the second span's label."""
    setup = make_setup(session, **project_fields)
    annotate(session, setup.assignments[(0, 0)], [READOUT, INFERENCE])
    annotate(session, setup.assignments[(0, 1)], [READOUT, INFERENCE])
    annotate(session, setup.assignments[(0, 2)], [READOUT, (33, 52, "unverifiable_claim")])
    return setup
