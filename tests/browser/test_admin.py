"""The admin's desk in the browser: create a user, whose first login must choose a password; make and revoke a token."""
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import make_user
from tests.browser.pages import login

pytestmark = pytest.mark.browser
BACKENDS = pytest.mark.parametrize("server", ["sqlite", "postgresql"], indirect=True)


@BACKENDS
def test_a_new_user_logs_in_with_the_one_time_password_and_must_choose_one(server, context, page):
    login(page, server.url, *make_user(server, "admin"))
    page.get_by_test_id("nav-users").click()
    username = f"newcomer_{page.evaluate('Date.now()')}"
    page.get_by_test_id("new-username").fill(username)
    page.get_by_test_id("new-role").select_option("annotator")
    page.get_by_test_id("create-user").click()
    one_time = page.get_by_test_id("one-time-password-value").inner_text()
    row = page.locator(f'[data-testid=user-row][data-username="{username}"]')
    expect(row.get_by_test_id("user-status")).to_have_text("must choose a password")

    newcomer = context.browser.new_context()
    other = newcomer.new_page()
    login(other, server.url, username, one_time)
    assert other.url.endswith("/account/password")
    other.goto(f"{server.url}/guidelines")
    assert other.url.endswith("/account/password")  # every page leads back until a password is chosen
    other.get_by_test_id("current-password").fill(one_time)
    other.get_by_test_id("new-password").fill("a phrase of my own")
    with other.expect_navigation():
        other.get_by_test_id("save-password").click()
    assert other.url == f"{server.url}/"
    expect(other.get_by_test_id("nav-my-work")).to_be_visible()
    newcomer.close()

    page.goto(f"{server.url}/admin/users")  # not a reload, which would post the form again
    expect(row.get_by_test_id("user-status")).to_have_text("active")


@BACKENDS
def test_a_token_made_and_revoked_on_the_account_page(server, page):
    login(page, server.url, *make_user(server, "reviewer"))
    page.get_by_test_id("current-user").click()
    page.get_by_test_id("token-name").fill("nightly export")
    page.get_by_test_id("create-token").click()
    raw = page.get_by_test_id("new-token-value").inner_text()
    assert re.fullmatch(r"fs_[\w-]+", raw)
    api = page.context.browser.new_context()  # no session cookie: only the token speaks
    assert api.request.get(f"{server.url}/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status == 200

    page.goto(f"{server.url}/account")
    expect(page.get_by_test_id("new-token")).to_have_count(0)  # shown once
    token_row = page.locator('[data-testid=token-row][data-token-name="nightly export"]')
    expect(token_row.get_by_test_id("token-status")).to_have_text("active")
    token_row.get_by_test_id("revoke-token").click()
    expect(token_row.get_by_test_id("token-status")).to_contain_text("revoked")
    refused = api.request.get(f"{server.url}/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert refused.status == 401 and refused.json()["reason"] == "token_revoked"
    api.close()
