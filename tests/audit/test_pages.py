"""/admin/audit: admins only, filters and the older-page link."""
from app.audit.service import record_event
from tests.auth.helpers import log_in
from tests.factories import make_user


def test_the_audit_log_is_for_admins_only(client, session):
    editor = make_user(session, "editor")
    log_in(client, editor.username)
    assert client.get("/admin/audit").status_code == 403


def test_the_audit_log_lists_filtered_entries(client, session):
    admin = make_user(session, "admin")
    record_event(session, actor_id=admin.id, action="token.revoked", target_type="api_token", target_id=5,
                 changes={"name": "laptop script"})
    record_event(session, actor_id=None, action="user.created", target_type="user", target_id=9)
    log_in(client, admin.username)
    page = client.get("/admin/audit", query_string={"action": "token.revoked"}).get_data(as_text=True)
    assert "laptop script" in page and 'data-action="token.revoked"' in page
    assert 'data-action="user.created"' not in page


def test_the_audit_log_links_to_older_entries(client, session):
    admin = make_user(session, "admin")
    for n in range(51):
        record_event(session, actor_id=None, action="token.created", target_type="api_token", target_id=n)
    log_in(client, admin.username)
    page = client.get("/admin/audit", query_string={"action": "token.created"}).get_data(as_text=True)
    assert page.count('data-testid="audit-row"') == 50 and 'data-testid="audit-older"' in page


def test_a_date_that_is_not_one_is_ignored_with_a_message(client, session):
    admin = make_user(session, "admin")
    log_in(client, admin.username)
    response = client.get("/admin/audit", query_string={"since": "yesterday"})
    assert response.status_code == 200 and "is not a date" in response.get_data(as_text=True)
