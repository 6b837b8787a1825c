"""App factory, config layering, liveness check, error shape and security headers."""
from types import SimpleNamespace

from app import create_app
from app.secret_key import ensure_secret_key


def test_healthz_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}


def test_unknown_api_route_is_json_404(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json["reason"] == "not_found"
    assert set(response.json) == {"code", "status", "reason", "message", "errors"}


def test_wrong_method_is_json_405(client):
    response = client.delete("/healthz")
    assert response.status_code == 405
    assert response.json["code"] == 405


def test_api_without_login_is_401(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert "Log in" in response.json["message"]


def test_pages_carry_strict_csp(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp


def test_openapi_document_lists_endpoints(client):
    spec = client.get("/api/v1/openapi.json").json
    assert "/api/v1/annotation-sets/{annotation_set_id}" in spec["paths"]
    assert spec["info"]["title"] == "factspan"


def test_environment_overrides_defaults(monkeypatch, tmp_path):
    monkeypatch.setenv("FACTSPAN_DATABASE_URL", f"sqlite:///{tmp_path / 'env.sqlite'}")
    monkeypatch.setenv("FACTSPAN_SECRET_KEY", "from-env")
    application = create_app()
    assert application.config["SECRET_KEY"] == "from-env"
    assert application.config["SQLALCHEMY_DATABASE_URI"].endswith("env.sqlite")


def test_secret_key_is_generated_once_into_instance(tmp_path):
    first = SimpleNamespace(config={}, instance_path=str(tmp_path))
    ensure_secret_key(first)
    second = SimpleNamespace(config={}, instance_path=str(tmp_path))
    ensure_secret_key(second)
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert len(first.config["SECRET_KEY"]) == 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
