"""API tokens: a revoked or expired token gets 401 in the one error shape; last_used_at is written, throttled."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.auth.models import ApiToken
from app.auth.tokens import LAST_USED_RESOLUTION, check_api_token, create_api_token, revoke_api_token
from app.db import utcnow
from app.errors import Invalid, NotFound
from tests.factories import make_user


def _token(session, raw: str) -> ApiToken:
    return check_api_token(session, raw).token


def test_a_revoked_token_gets_401_on_its_next_request(client, session):
    user = make_user(session, "reviewer")
    raw = create_api_token(session, user=user, name="script")
    headers = {"Authorization": f"Bearer {raw}"}
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    revoke_api_token(session, token_id=_token(session, raw).id, owner=user, actor_id=user.id)
    response = client.get("/api/v1/me", headers=headers)
    assert response.status_code == 401
    assert response.json == {"code": 401, "status": "Unauthorized", "reason": "token_revoked",
                             "message": "This API token was revoked; create a new one on your account page.",
                             "errors": {}}


def test_an_expired_token_gets_401(client, session):
    user = make_user(session)
    raw = create_api_token(session, user=user, name="short", expires_at=utcnow() + timedelta(hours=1))
    _token(session, raw).expires_at = utcnow() - timedelta(seconds=1)
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert (response.status_code, response.json["reason"]) == (401, "token_expired")


def test_a_token_cannot_be_made_already_expired(session):
    with pytest.raises(Invalid):
        create_api_token(session, user=make_user(session), name="late", expires_at=utcnow() - timedelta(days=1))


def test_only_the_owner_revokes_a_token(session):
    owner, other = make_user(session), make_user(session)
    raw = create_api_token(session, user=owner, name="mine")
    with pytest.raises(NotFound):
        revoke_api_token(session, token_id=_token(session, raw).id, owner=other, actor_id=other.id)
    assert _token(session, raw).revoked_at is None


def test_a_request_writes_last_used_at(client, session):
    user = make_user(session)
    raw = create_api_token(session, user=user, name="script")
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 200
    assert _token(session, raw).last_used_at is not None


def test_last_used_at_is_written_at_most_once_a_resolution(client, session):
    user = make_user(session)
    raw = create_api_token(session, user=user, name="script")
    recent = utcnow() - LAST_USED_RESOLUTION / 2
    _token(session, raw).last_used_at = recent
    client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert _token(session, raw).last_used_at == recent
    stale = utcnow() - LAST_USED_RESOLUTION * 2
    _token(session, raw).last_used_at = stale
    client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert _token(session, raw).last_used_at > stale


def test_the_raw_token_is_not_stored(session):
    raw = create_api_token(session, user=make_user(session), name="script")
    assert raw not in session.scalars(select(ApiToken.token_sha256)).all()
