"""Logging in through the form."""
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DEMO_PASSWORD
from tests.browser.pages import login

pytestmark = pytest.mark.browser


def test_demo_annotator_lands_on_home_with_seed_assignment(live_server, page):
    login(page, live_server.url, "annotator1", DEMO_PASSWORD)

    assert page.url == f"{live_server.url}/"
    expect(page.get_by_test_id("current-user")).to_contain_text("annotator")
    rows = page.get_by_test_id("assignment-row")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("Putin and Xi")
    expect(page.get_by_test_id("next-text")).to_be_visible()


def test_wrong_password_shows_the_error(live_server, page, console_errors):
    console_errors.expect(r"status of 401")

    login(page, live_server.url, "annotator1", "not the password")

    assert page.url.startswith(f"{live_server.url}/login")
    expect(page.locator(".flash-error")).to_have_text("Wrong username or password, or the account is not active.")
    expect(page.get_by_test_id("current-user")).to_have_count(0)
