"""The top bar per role, and a crawl: nothing a role can click from its home and top bar answers 403, 404 or 500."""
import re
from urllib.parse import urljoin, urlsplit

import pytest

from app.home.navigation import NAV_ITEMS, nav_items_for
from tests.auth.helpers import log_in
from tests.factories import make_assignment, make_project, make_text, make_user

ROLES = ("annotator", "reviewer", "editor", "admin")
EXPECTED_NAV = {
    "annotator": ["My work", "Next text", "Guidelines"],
    "reviewer": ["Projects", "Agreement", "Adjudication", "Gold", "Guidelines", "Jobs"],
    "editor": ["Review queue", "Gold", "Guidelines", "Jobs"],
}
MAX_PAGES = 80  # a bound on the crawl, well above what the small desk below has


@pytest.mark.parametrize("role", sorted(EXPECTED_NAV))
def test_each_role_has_its_top_bar(role):
    assert [item.label for item in nav_items_for(role)] == EXPECTED_NAV[role]


def test_admins_get_every_link_plus_the_admin_pages():
    labels = [item.label for item in nav_items_for("admin")]
    assert {"Users", "Schemas", "Audit log", "Projects", "Review queue", "Adjudication"} <= set(labels)
    assert len(labels) == len(NAV_ITEMS) - 1  # all but "My work", which is an annotator's home


def _links(html: str, base: str) -> set[str]:
    found = set()
    for href in re.findall(r'<a [^>]*href="([^"#]+)"', html):
        url = urljoin(base, href.replace("&amp;", "&"))
        parts = urlsplit(url)
        if parts.netloc in ("", "localhost") and not parts.path.startswith("/static/"):
            found.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


@pytest.fixture
def desk(session):
    """A small desk so project and text pages resolve: a project, a text, an annotator's assignment."""
    project = make_project(session, name="Crawled project")
    annotator = make_user(session, "annotator")
    make_assignment(session, text=make_text(session, project), annotator=annotator)
    users = {role: make_user(session, role) for role in ROLES if role != "annotator"}
    return {"annotator": annotator, **users}


@pytest.mark.parametrize("role", ROLES)
def test_no_link_a_role_sees_leads_to_a_refusal(client, session, desk, role):
    log_in(client, desk[role].username)
    seen, queue, broken = set(), ["/"], []
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code in (403, 404, 500):
            broken.append(f"{path} -> {response.status_code}")
            continue
        if response.status_code in (301, 302, 303):
            queue.append(urlsplit(response.headers["Location"]).path)
        elif response.mimetype == "text/html":
            queue.extend(sorted(_links(response.get_data(as_text=True), path) - seen))
    assert broken == [], f"{role} reaches refusals: {broken}"
    assert len(seen) > 3, seen  # the crawl did follow the top bar
