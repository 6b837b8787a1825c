"""A text with two annotators and a suggester's proposals on it."""
from dataclasses import dataclass

from app.suggestions.models import Suggester, Suggestion
from app.suggestions.service import store_suggestions, suggester_named
from app.texts.models import Text
from tests.factories import make_assignment, make_project, make_text, make_user

TEXT = "Xi said the talks were frank. I think they will meet again. They discussed Cuba."


def phrase_span(words: str, label: str, attributes=None, confidence=0.8) -> dict:
    start = TEXT.index(words)
    return {"start": start, "end": start + len(words), "label": label, "attributes": attributes or {},
            "confidence": confidence}


@dataclass
class Setup:
    project: object
    text: Text
    suggester: Suggester
    suggestions: list[Suggestion]
    users: dict
    set_ids: dict


def suggested_text(session, *, settings=None) -> Setup:
    project = make_project(session, settings=settings or {})
    text = make_text(session, project, TEXT)
    suggester = suggester_named(session, project=project, name="rules", kind="rules")
    store_suggestions(session, text=text, suggester=suggester, spans=[
        phrase_span("Xi said the talks were frank", "sourced_readout", {"source": "russian_readout"}, 0.9),
        phrase_span("I think they will meet again", "author_inference", {}, 0.6),
    ])
    users, set_ids = {}, {}
    for name in ("ann", "bea"):
        user = make_user(session, username=f"{name}-{project.id}")
        users[name] = user
        set_ids[name] = make_assignment(session, text=text, annotator=user).annotation_set.id
    suggestions = sorted(text_suggestions(session, text), key=lambda s: s.start)
    return Setup(project, text, suggester, suggestions, users, set_ids)


def text_suggestions(session, text):
    from sqlalchemy import select

    return list(session.scalars(select(Suggestion).where(Suggestion.text_id == text.id)))
