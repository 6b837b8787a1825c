"""Agreement-based routing after the last submission of a text: add an annotator, flag, or leave it."""
import pytest
from sqlalchemy import select

from app import create_app
from app.agreement import routing
from app.agreement import after_submit
from app.agreement.routing import set_routing
from app.annotations.models import Assignment
from app.annotations.service import AFTER_SUBMIT_HOOKS
from app.errors import Invalid
from tests.agreement.helpers import INFERENCE, READOUT, annotate, make_setup, staff
from tests.factories import bearer, make_assignment, make_text, make_user

DISAGREE = ([READOUT], [INFERENCE], [])


def assignees(session, text):
    return {a.annotator.username for a in session.scalars(select(Assignment).where(Assignment.text_id == text.id))}


@pytest.fixture
def setup(session):
    """Text 0 with three annotators; two more annotators work on text 1 only (one of them busier)."""
    made = make_setup(session, texts=2, annotators=3)
    idle, busy = make_user(session, password=None), make_user(session, password=None)
    make_assignment(session, text=made.texts[1], annotator=idle)
    make_assignment(session, text=made.texts[1], annotator=busy)
    make_assignment(session, text=make_text(session, made.project, "Another text."), annotator=busy)
    made.idle, made.busy = idle, busy
    return made


def submit_all(session, setup, spans=DISAGREE):
    for a, annotator_spans in enumerate(spans):
        annotate(session, setup.assignments[(0, a)], annotator_spans)


def test_off_by_default(session, setup):
    submit_all(session, setup)
    assert assignees(session, setup.texts[0]) == set(setup.names())
    assert "agreement_routing" not in setup.texts[0].meta


def test_below_threshold_adds_the_least_loaded_annotator(session, setup):
    set_routing(session, project=setup.project, action="add_annotator", threshold=0.5)
    submit_all(session, setup)
    assert assignees(session, setup.texts[0]) == {*setup.names(), setup.idle.username}
    record = setup.texts[0].meta["agreement_routing"]
    assert record["action"] == "add_annotator" and record["sent_to"] == [setup.idle.username]
    assert record["value"] < 0.5 and record["metric"] == "char_alpha_nominal"


def test_nothing_happens_before_the_last_submission(session, setup):
    set_routing(session, project=setup.project, action="add_annotator", threshold=0.5)
    submit_all(session, setup, DISAGREE[:2])
    assert assignees(session, setup.texts[0]) == set(setup.names())


def test_still_low_after_the_extra_annotator_is_flagged(session, setup):
    set_routing(session, project=setup.project, action="add_annotator", threshold=0.5)
    submit_all(session, setup)
    extra = session.scalars(select(Assignment).where(Assignment.text_id == setup.texts[0].id,
                                                     Assignment.annotator_id == setup.idle.id)).one()
    annotate(session, extra, [(0, 10, "unverifiable_claim")])
    assert setup.texts[0].meta["agreement_routing"]["action"] == "flag"
    assert len(assignees(session, setup.texts[0])) == 4


def test_no_candidate_falls_back_to_flag(session):
    setup = make_setup(session, annotators=3)
    set_routing(session, project=setup.project, action="add_annotator", threshold=0.5)
    submit_all(session, setup)
    assert setup.texts[0].meta["agreement_routing"]["action"] == "flag"


def test_flag_mode_flags(session, setup):
    set_routing(session, project=setup.project, action="flag", threshold=0.5)
    submit_all(session, setup)
    record = setup.texts[0].meta["agreement_routing"]
    assert record["action"] == "flag" and record["threshold"] == 0.5
    assert assignees(session, setup.texts[0]) == set(setup.names())


def test_above_threshold_does_nothing(session, setup):
    set_routing(session, project=setup.project, action="add_annotator", threshold=0.5)
    submit_all(session, setup, ([READOUT, INFERENCE],) * 3)
    assert assignees(session, setup.texts[0]) == set(setup.names())
    assert "agreement_routing" not in setup.texts[0].meta


def test_unanimous_no_spans_is_not_low(session, setup):
    # Alpha is undefined when everyone leaves the text unmarked: that is agreement, not a reason to route.
    set_routing(session, project=setup.project, action="flag", threshold=0.5)
    submit_all(session, setup, ([], [], []))
    assert "agreement_routing" not in setup.texts[0].meta


def test_other_metric(session, setup):
    set_routing(session, project=setup.project, action="flag", threshold=0.9, metric="span_f1_overlap_mean")
    submit_all(session, setup, ([READOUT], [READOUT], [READOUT, INFERENCE]))
    record = setup.texts[0].meta["agreement_routing"]
    assert record["metric"] == "span_f1_overlap_mean" and record["value"] == pytest.approx((1 + 2 / 3 + 2 / 3) / 3)


def test_a_routing_failure_never_undoes_the_submission(session, setup, monkeypatch, caplog):
    set_routing(session, project=setup.project, action="flag", threshold=0.5)

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(routing, "route_text", broken)
    submit_all(session, setup)
    assert setup.assignments[(0, 2)].status == "submitted"
    assert "Agreement routing failed" in caplog.text


def test_dashboard_shows_the_decision(client, session, setup):
    set_routing(session, project=setup.project, action="add_annotator", threshold=0.5)
    submit_all(session, setup)
    html = client.get(f"/projects/{setup.project.id}/agreement", headers=bearer(session, staff(session))).get_data(
        as_text=True)
    assert f"sent to {setup.idle.username}" in html


def test_invalid_settings_are_refused(session, setup):
    with pytest.raises(Invalid):
        set_routing(session, project=setup.project, action="add_annotator", threshold=None)
    with pytest.raises(Invalid):
        set_routing(session, project=setup.project, action="flag", threshold=0.5, metric="nope")


def test_hook_is_registered_once(app):
    create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": "sqlite://"})
    create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": "sqlite://"}, web=False)
    assert AFTER_SUBMIT_HOOKS.count(after_submit) == 1
