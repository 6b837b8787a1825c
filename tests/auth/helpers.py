"""Logging in through the form, and the CSRF token a page hands its scripts."""
import re

from tests.factories import PASSWORD


def log_in(client, username: str, password: str = PASSWORD) -> str:
    """Log in through the form; returns the session cookie's value, as a thief would save it."""
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").get_data(as_text=True)).group(1)
    response = client.post("/login", data={"username": username, "password": password, "csrf_token": token})
    assert response.status_code == 302
    return client.get_cookie("session").value


def page_csrf(client) -> str:
    """The CSRF token a logged-in page hands its scripts."""
    return re.search(r'name="csrf-token" content="([^"]+)"', client.get("/").get_data(as_text=True)).group(1)
