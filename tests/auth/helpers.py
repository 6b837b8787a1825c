"""A client whose requests each get their own app context, and logging in through the form."""
import re

from tests.factories import PASSWORD


class OwnContextClient:
    """A test client whose every request runs in its own app context (own DB session, own `g`), as in production."""

    def __init__(self, app, **kwargs) -> None:
        self.app, self.client = app, app.test_client(**kwargs)

    def __getattr__(self, name):
        return getattr(self.client, name)

    def open(self, *args, **kwargs):
        with self.app.app_context():
            return self.client.open(*args, **kwargs)

    def get(self, *args, **kwargs):
        return self.open(*args, method="GET", **kwargs)

    def post(self, *args, **kwargs):
        return self.open(*args, method="POST", **kwargs)

    def put(self, *args, **kwargs):
        return self.open(*args, method="PUT", **kwargs)


def log_in(client, username: str, password: str = PASSWORD) -> str:
    """Log in through the form; returns the session cookie's value, as a thief would save it."""
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").get_data(as_text=True)).group(1)
    response = client.post("/login", data={"username": username, "password": password, "csrf_token": token})
    assert response.status_code == 302
    return client.get_cookie("session").value


def page_csrf(client) -> str:
    """The CSRF token a logged-in page hands its scripts."""
    return re.search(r'name="csrf-token" content="([^"]+)"', client.get("/").get_data(as_text=True)).group(1)
