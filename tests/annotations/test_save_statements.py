"""A save through the API sends the same number of SQL statements whatever its span count (a fact, not a timing)."""
import pytest

from tests.factories import bearer, make_assignment, make_project, make_text, make_user
from tests.statements import statements_sent

STRIDE = len("Sentence 00 says a thing. ")
TEXT = " ".join(f"Sentence {n:02d} says a thing." for n in range(30))


def spans(count: int, *, first: int = 0, words: int = 2) -> list[dict]:
    """One span in each of `count` sentences from `first`: its first `words` words."""
    length = {2: len("Sentence 00"), 3: len("Sentence 00 says")}[words]
    return [{"start": n * STRIDE, "end": n * STRIDE + length, "label": "unverifiable_claim", "attributes": {}}
            for n in range(first, first + count)]


@pytest.fixture
def new_set(client, session):
    """A factory of annotation sets on one 30-sentence text, each with its annotator's token."""
    text = make_text(session, make_project(session), TEXT)

    def make() -> tuple[int, dict[str, str]]:
        annotator = make_user(session)
        return make_assignment(session, text=text, annotator=annotator).annotation_set.id, bearer(session, annotator)

    # The first save in a process reads the stored schema document once; compare the saves after it.
    save(client, session, *make(), version=1, body=[])
    return make


def save(client, session, set_id, headers, *, version, body) -> list[str]:
    with statements_sent(session) as sent:
        response = client.put(f"/api/v1/annotation-sets/{set_id}", json={"version": version, "spans": body},
                              headers=headers)
    assert response.status_code == 200, response.json
    return sent


def test_adding_30_spans_sends_as_many_statements_as_adding_1(client, session, new_set):
    one, thirty = new_set(), new_set()
    assert len(save(client, session, *one, version=1, body=spans(1))) == \
        len(save(client, session, *thirty, version=1, body=spans(30)))


def test_changing_removing_and_adding_30_sends_as_many_statements_as_1_each(client, session, new_set):
    sent = []
    for count in (1, 10):
        set_id, headers = new_set()
        save(client, session, set_id, headers, version=1, body=spans(2 * count))
        # The first `count` spans grow by a word, the next `count` go, and `count` new ones come.
        body = spans(count, words=3) + spans(count, first=2 * count)
        sent.append(save(client, session, set_id, headers, version=2, body=body))
    assert len(sent[0]) == len(sent[1])


def test_the_answer_built_from_the_writes_equals_the_set_read_back(client, session, new_set):
    """The save answers from what it wrote (no read-back): it must say exactly what a read then says."""
    set_id, headers = new_set()
    first = client.put(f"/api/v1/annotation-sets/{set_id}", json={"version": 1, "spans": spans(6)}, headers=headers)
    stored = first.json["spans"]
    # Kept as is, changed (a word longer, a new attribute), removed, and two added ahead of the others.
    body = ([dict(s, attributes={}) for s in stored[:2]] + [dict(stored[2], end=stored[2]["end"] + 5)]
            + [dict(stored[3], attributes={"reason": "motive_or_intent"})] + spans(2, first=20))
    saved = client.put(f"/api/v1/annotation-sets/{set_id}", json={"version": 2, "spans": body}, headers=headers)
    read = client.get(f"/api/v1/annotation-sets/{set_id}", headers=headers)
    assert saved.status_code == read.status_code == 200
    assert saved.json == read.json
    assert [s["start"] for s in saved.json["spans"]] == sorted(s["start"] for s in body)
    assert {s["id"] for s in saved.json["spans"][:2]} == {s["id"] for s in stored[:2]}
