"""The agreement dashboard: real numbers and charts for staff, 403 for annotators, an empty state."""
import re

from tests.agreement.helpers import INFERENCE, READOUT, annotate, make_setup, staff, three_way
from tests.factories import PASSWORD, bearer, make_user


def page(client, session, project_id, query="", role="reviewer"):
    return client.get(f"/projects/{project_id}/agreement{query}", headers=bearer(session, staff(session, role)))


def test_reviewer_sees_figures_charts_and_texts(client, session):
    setup = three_way(session)
    response = page(client, session, setup.project.id)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.count("<svg") == 7  # three label bar charts, two pair heatmaps, confusion, boundary bars
    assert "Krippendorff&#39;s α" in html
    assert f'href="/texts/{setup.texts[0].id}/adjudicate"' in html
    assert "Text 0" in html
    figures = re.findall(r'<div class="figure-value">([^<]+)</div>', html)
    assert any(re.fullmatch(r"-?\d\.\d{3}", value) for value in figures)


def test_one_text_shows_no_interval_and_says_why(client, session):
    html = page(client, session, three_way(session).project.id).get_data(as_text=True)
    assert "95% CI" not in html
    assert 'data-testid="interval-note"' in html and "one text cannot be resampled" in html


def test_two_texts_show_intervals(client, session):
    setup = make_setup(session, texts=2, annotators=2)
    for t in range(2):
        annotate(session, setup.assignments[(t, 0)], [READOUT])
        annotate(session, setup.assignments[(t, 1)], [READOUT, INFERENCE] if t else [READOUT])
    html = page(client, session, setup.project.id).get_data(as_text=True)
    assert "95% CI [" in html and 'data-testid="interval-note"' not in html


def test_charts_use_label_names_and_colours_and_the_schemas_figure_leads(client, session):
    setup = make_setup(session, annotators=2)
    annotate(session, setup.assignments[(0, 0)], [READOUT, INFERENCE])
    annotate(session, setup.assignments[(0, 1)], [READOUT])  # leaves the inference's tokens as O
    html = page(client, session, setup.project.id).get_data(as_text=True)
    assert ">Sourced readout</text>" in html and ">sourced_readout</text>" not in html
    assert 'fill="#56b4e9"' in html  # the label's colour from the schema
    assert ">O (no label)</text>" in html
    first = re.search(r'data-testid="figure" data-key="([a-z_0-9]+)"', html).group(1)
    assert first == "span_f1_overlap_mean" and 'data-testid="primary-figure"' in html
    assert "What the figures mean" in html and "Outside every span" in html


def test_page_is_csp_clean(client, session):
    html = page(client, session, three_way(session).project.id).get_data(as_text=True)
    assert "<script" not in html and "style=" not in html
    assert not re.search(r"\son[a-z]+=", html)
    assert "css/agreement.css" in html


def test_undefined_figures_explain_themselves(client, session):
    setup = make_setup(session, annotators=2)
    for a in range(2):
        annotate(session, setup.assignments[(0, a)], [])
    html = page(client, session, setup.project.id).get_data(as_text=True)
    assert "Everyone gave the same answer everywhere" in html


def test_label_and_drafts_filters(client, session):
    setup = make_setup(session, annotators=2)
    annotate(session, setup.assignments[(0, 0)], [READOUT])
    annotate(session, setup.assignments[(0, 1)], [READOUT], submit=False)
    assert 'data-testid="agreement-empty"' in page(client, session, setup.project.id).get_data(as_text=True)
    html = page(client, session, setup.project.id, "?include_drafts=1&label=sourced_readout").get_data(as_text=True)
    assert 'data-testid="agreement-empty"' not in html and "drafts included" in html
    assert '<option value="sourced_readout" selected>' in html


def test_annotators_get_403(client, session):
    setup = three_way(session)
    response = client.get(f"/projects/{setup.project.id}/agreement", headers=bearer(session, setup.annotators[0]))
    assert response.status_code == 403


def test_staff_home_links_to_the_dashboard(client, session):
    setup = three_way(session)
    reviewer = make_user(session, "reviewer")
    login = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', login).group(1)
    client.post("/login", data={"username": reviewer.username, "password": PASSWORD, "csrf_token": token})
    home = client.get("/").get_data(as_text=True)
    assert f'href="/projects/{setup.project.id}/agreement"' in home
    assert client.get(f"/projects/{setup.project.id}/agreement").status_code == 200
