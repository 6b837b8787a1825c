"""Loading a project's annotations as agreement documents, and the reports built from them."""
import pytest
from sqlalchemy import event

from app.agreement.metrics import compute_agreement
from app.agreement.service import (
    agreement_summary,
    compute_project_agreement,
    compute_text_agreement,
    load_project_documents,
    rank_texts,
)
from app.errors import Invalid
from tests.agreement.helpers import INFERENCE, READOUT, annotate, make_setup, three_way


def test_only_submitted_sets_count(session):
    setup = make_setup(session)
    annotate(session, setup.assignments[(0, 0)], [READOUT])
    annotate(session, setup.assignments[(0, 1)], [INFERENCE], submit=False)
    [document] = load_project_documents(session, project=setup.project)
    assert document.id == str(setup.texts[0].id)
    assert dict(document.annotations) == {setup.annotators[0].username: (READOUT,)}


def test_drafts_count_with_include_drafts_but_not_untouched_sets(session):
    setup = make_setup(session)
    annotate(session, setup.assignments[(0, 0)], [READOUT])
    annotate(session, setup.assignments[(0, 1)], [INFERENCE], submit=False)
    [document] = load_project_documents(session, project=setup.project, include_drafts=True)
    names = setup.names()
    assert dict(document.annotations) == {names[0]: (READOUT,), names[1]: (INFERENCE,)}


def test_submitted_empty_set_is_present_with_no_spans(session):
    setup = make_setup(session, annotators=2)
    annotate(session, setup.assignments[(0, 0)], [])
    annotate(session, setup.assignments[(0, 1)], [READOUT])
    [document] = load_project_documents(session, project=setup.project)
    assert document.annotations[setup.annotators[0].username] == ()
    assert document.text == setup.texts[0].content


def test_texts_without_counted_sets_are_left_out(session):
    setup = make_setup(session, texts=2, annotators=2)
    annotate(session, setup.assignments[(1, 0)], [READOUT])
    documents = load_project_documents(session, project=setup.project)
    assert [d.id for d in documents] == [str(setup.texts[1].id)]


def test_label_filter_keeps_sets_present(session):
    setup = three_way(session)
    [document] = load_project_documents(session, project=setup.project, labels=["author_inference"])
    names = setup.names()
    assert dict(document.annotations) == {names[0]: (INFERENCE,), names[1]: (INFERENCE,), names[2]: ()}


def test_annotator_and_text_filters(session):
    setup = make_setup(session, texts=2)
    for (t, a), assignment in setup.assignments.items():
        annotate(session, assignment, [READOUT])
    names = setup.names()
    documents = load_project_documents(session, project=setup.project, annotators=names[:2],
                                       text_ids=[setup.texts[1].id])
    assert [d.id for d in documents] == [str(setup.texts[1].id)]
    assert sorted(documents[0].annotations) == sorted(names[:2])


@pytest.mark.parametrize("filters, field", [
    ({"labels": ["no_such_label"]}, "labels"),
    ({"annotators": ["nobody_here"]}, "annotators"),
    ({"text_ids": [10**9]}, "text_ids"),
])
def test_unknown_filter_is_invalid(session, filters, field):
    setup = three_way(session)
    with pytest.raises(Invalid) as caught:
        load_project_documents(session, project=setup.project, **filters)
    assert field in caught.value.errors


def test_loading_takes_a_fixed_number_of_queries(session):
    setup = make_setup(session, texts=6)
    for assignment in setup.assignments.values():
        annotate(session, assignment, [READOUT, INFERENCE])
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    engine = session.get_bind().engine
    event.listen(engine, "before_cursor_execute", listener)
    try:
        documents = load_project_documents(session, project=setup.project, labels=["sourced_readout"])
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert len(documents) == 6
    assert len(statements) <= 3


def test_project_report_equals_the_engine_on_the_loaded_documents(session):
    setup = three_way(session)
    report = compute_project_agreement(session, project=setup.project, bootstrap_samples=20, seed=3)
    expected = compute_agreement(load_project_documents(session, project=setup.project), bootstrap_samples=20, seed=3)
    assert report.pop("scope")["project_id"] == setup.project.id
    assert report.pop("primary")["metric"] == "span_f1_overlap_mean"
    assert report == expected
    assert report["span_f1_exact_mean"] == pytest.approx((1 + 0.5 + 0.5) / 3)


def test_the_primary_figure_follows_the_schemas_metric_and_match_mode(session):
    setup = three_way(session)
    report = compute_project_agreement(session, project=setup.project, bootstrap_samples=0)
    # fact_opinion says metric: span_f1, match_mode: overlap.
    assert report["primary"] == {"metric": "span_f1_overlap_mean", "value": report["span_f1_overlap_mean"],
                                 "metric_name": "span_f1", "match_mode": "overlap"}


def test_text_report_has_no_bootstrap(session):
    setup = three_way(session)
    report = compute_text_agreement(session, text=setup.texts[0])
    assert report["documents"] == 1 and report["bootstrap"]["char_alpha_nominal"] is None
    assert report["scope"]["text_id"] == setup.texts[0].id


def test_summary_holds_the_release_figures(session):
    report = compute_project_agreement(session, project=three_way(session).project, bootstrap_samples=0)
    summary = agreement_summary(report)
    assert set(summary) == {"char_alpha_nominal", "token_alpha_nominal", "span_f1_exact_mean",
                            "span_f1_overlap_mean", "alpha_unitized", "annotators", "documents", "primary"}
    assert summary["alpha_unitized"] == report["alpha_unitized"]["overall"]
    assert summary["documents"] == 1


def test_rank_texts_puts_lowest_first_and_undefined_last(session):
    setup = make_setup(session, texts=3, annotators=2)
    annotate(session, setup.assignments[(0, 0)], [])  # everyone empty: alpha undefined
    annotate(session, setup.assignments[(0, 1)], [])
    annotate(session, setup.assignments[(1, 0)], [READOUT])  # partial agreement
    annotate(session, setup.assignments[(1, 1)], [READOUT, INFERENCE])
    annotate(session, setup.assignments[(2, 0)], [READOUT])  # full agreement
    annotate(session, setup.assignments[(2, 1)], [READOUT])
    report = compute_project_agreement(session, project=setup.project, bootstrap_samples=0)
    rows = rank_texts(session, report=report)
    assert [r.text_id for r in rows] == [setup.texts[1].id, setup.texts[2].id, setup.texts[0].id]
    assert rows[-1].char_alpha is None and "only one value" in rows[-1].undefined_reason
    assert rows[0].title == "Text 1"
