"""Write audit events; the calling service does so in the transaction of the change it records."""
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from app.audit.models import AUDIT_ACTIONS, AuditEvent

# Keys whose values must never reach the log, whatever a caller passes (passwords, token secrets).
SECRET_KEY_PARTS = ("password", "secret", "token_sha256", "raw_token")


def _plain(value: Any) -> Any:
    """JSON-ready: dates as ISO strings, containers recursively, secrets dropped."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()
                if not any(part in str(key).lower() for part in SECRET_KEY_PARTS)}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(item) for item in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def record_event(session: Session, *, actor_id: int | None, action: str, target_type: str, target_id: int | None,
                 project_id: int | None = None, changes: dict[str, Any] | None = None) -> AuditEvent:
    """Append one event; there is deliberately no service to change or remove one.

    :raises ValueError: the action is not one of AUDIT_ACTIONS (a programming error, caught by the tests).
    """
    if action not in AUDIT_ACTIONS:
        raise ValueError(f"Unknown audit action {action!r}; add it to AUDIT_ACTIONS.")
    event = AuditEvent(actor_id=actor_id, action=action, target_type=target_type, target_id=target_id,
                       project_id=project_id, changes=_plain(changes or {}))
    session.add(event)
    session.flush()
    return event


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """{field: {"before": …, "after": …}} for the fields whose value differs."""
    return {key: {"before": before.get(key), "after": after.get(key)}
            for key in sorted(set(before) | set(after)) if before.get(key) != after.get(key)}
