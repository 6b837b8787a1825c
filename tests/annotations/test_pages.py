"""The annotation page links a text's source only when the link is http(s)."""
import pytest

from tests.annotations.test_api import login
from tests.factories import make_assignment, make_project, make_text, make_user


@pytest.mark.parametrize(("url", "linked"), [("https://example.org/readout", True), ("javascript:alert(1)", False),
                                             (" JAVASCRIPT:alert(1)", False), ("data:text/html,x", False)])
def test_the_source_link_is_only_http(client, session, url, linked):
    annotator = make_user(session)
    text = make_text(session, make_project(session))
    text.source_url = url  # as stored before imports refused such links
    assignment = make_assignment(session, text=text, annotator=annotator)
    session.flush()
    login(client, annotator.username)
    page = client.get(f"/annotate/{assignment.id}").get_data(as_text=True)
    assert ("Original source" in page) is linked and ("alert(1)" in page) is False
