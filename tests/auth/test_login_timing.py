"""Login costs one password hash check whether or not the username exists, so timing does not tell."""
import pytest

from app.auth import service
from tests.factories import PASSWORD, make_user


@pytest.fixture
def hash_checks(monkeypatch):
    calls = []
    real = service.check_password_hash

    def counting(pwhash: str, password: str) -> bool:
        calls.append(pwhash)
        return real(pwhash, password)

    monkeypatch.setattr(service, "check_password_hash", counting)
    return calls


def test_unknown_username_costs_one_hash_check(session, hash_checks):
    assert service.authenticate(session, username="nobody-by-this-name", password=PASSWORD) is None
    assert len(hash_checks) == 1


def test_inactive_user_costs_one_hash_check(session, hash_checks):
    user = make_user(session, active=False)
    assert service.authenticate(session, username=user.username, password=PASSWORD) is None
    assert len(hash_checks) == 1


def test_account_without_password_costs_one_hash_check(session, hash_checks):
    user = make_user(session, password=None)
    assert service.authenticate(session, username=user.username, password="anything") is None
    assert len(hash_checks) == 1


def test_the_dummy_hash_costs_what_a_real_one_costs(session):
    user = make_user(session)
    method = user.password_hash.split("$", 1)[0]
    assert service.dummy_password_hash().split("$", 1)[0] == method
