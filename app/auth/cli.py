"""`factspan users …`: manage accounts and API tokens."""
from datetime import datetime, time, timezone

import click

from app.auth import service, tokens
from app.extensions import session


@click.group("users")
def users_group() -> None:
    """Create, list and manage user accounts."""


@users_group.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice(["annotator", "reviewer", "editor", "admin"]), required=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--display-name", default="")
def create_user(username: str, role: str, password: str, display_name: str) -> None:
    """Create an account."""
    user = service.create_user(session(), username=username, role=role, password=password, display_name=display_name)
    session().commit()
    click.echo(f"created {user.username} ({user.role})")


@users_group.command("list")
def list_users() -> None:
    """List accounts with role and state."""
    click.echo(f"{'username':<20} {'role':<10} {'active':<7} last login")
    for user in service.list_users(session()):
        last = user.last_login_at.strftime("%Y-%m-%d %H:%M") if user.last_login_at else "never"
        click.echo(f"{user.username:<20} {user.role:<10} {'yes' if user.active else 'no':<7} {last}")


@users_group.command("set-role")
@click.argument("username")
@click.argument("role", type=click.Choice(["annotator", "reviewer", "editor", "admin"]))
def set_role(username: str, role: str) -> None:
    """Change an account's role."""
    service.set_role(session(), username=username, role=role, actor_id=None)
    session().commit()
    click.echo(f"{username} is now {role}")


@users_group.command("deactivate")
@click.argument("username")
def deactivate(username: str) -> None:
    """Stop an account from logging in (its work is kept)."""
    service.set_active(session(), username=username, active=False, actor_id=None)
    session().commit()
    click.echo(f"{username} can no longer log in")


@users_group.command("activate")
@click.argument("username")
def activate(username: str) -> None:
    """Let a deactivated account log in again."""
    service.set_active(session(), username=username, active=True, actor_id=None)
    session().commit()
    click.echo(f"{username} can log in")


@users_group.command("set-password")
@click.argument("username")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def set_password(username: str, password: str) -> None:
    """Set a new password."""
    service.set_password(session(), username=username, password=password, actor_id=None)
    session().commit()
    click.echo(f"password of {username} changed")


@users_group.command("reset-password")
@click.argument("username")
def reset_password(username: str) -> None:
    """Give the account a one-time password (printed once); its next login must choose a new one."""
    password = service.reset_password(session(), username=username, actor_id=None)
    session().commit()
    click.echo(f"one-time password of {username} (shown only this once): {password}")


@users_group.command("token")
@click.argument("username")
@click.option("--name", default="cli", help="What the token is for.")
@click.option("--expires-on", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Last day (UTC) the token works; without it, it works until revoked.")
def create_token(username: str, name: str, expires_on: datetime | None) -> None:
    """Create an API token (shown once) for scripts: send it as 'Authorization: Bearer <token>'."""
    user = service.require_user(session(), username)
    expires_at = datetime.combine(expires_on.date(), time.max, tzinfo=timezone.utc) if expires_on else None
    raw = tokens.create_api_token(session(), user=user, name=name, expires_at=expires_at)
    session().commit()
    click.echo(raw)


@users_group.command("tokens")
@click.argument("username")
def list_tokens(username: str) -> None:
    """List an account's API tokens with expiry, last use and revocation."""
    def when(value: datetime | None, none: str) -> str:
        return value.strftime("%Y-%m-%d %H:%M") if value else none

    click.echo(f"{'id':>5}  {'name':<24} {'expires':<16} {'last used':<16} revoked")
    for token in tokens.list_api_tokens(session(), user=service.require_user(session(), username)):
        click.echo(f"{token.id:>5}  {token.name[:24]:<24} {when(token.expires_at, 'never'):<16} "
                   f"{when(token.last_used_at, 'never'):<16} {when(token.revoked_at, 'no')}")


@users_group.command("revoke-token")
@click.argument("username")
@click.argument("token_id", type=int)
def revoke_token(username: str, token_id: int) -> None:
    """Revoke one of the account's API tokens (its next request gets 401)."""
    token = tokens.revoke_api_token(session(), token_id=token_id, owner=service.require_user(session(), username),
                                    actor_id=None)
    session().commit()
    click.echo(f"token {token.id} '{token.name}' of {username} is revoked")
