"""Each text's agreement is stored on it when its last annotator submits, for the text browser."""
from app.agreement.service import compute_text_agreement, metric_value, primary_metric
from app.agreement.stored import store_project_agreements
from tests.gold.helpers import submitted_project


def test_the_last_submission_stores_the_projects_primary_figure(session):
    project, text, _ = submitted_project(session)
    expected = metric_value(compute_text_agreement(session, text=text), primary_metric(project))
    assert expected is not None and text.agreement == expected


def test_the_backfill_stores_texts_submitted_before(session):
    project, text, _ = submitted_project(session)
    text.agreement = None
    session.flush()
    assert store_project_agreements(session, project=project) == 1 and text.agreement is not None
