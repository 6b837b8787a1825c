"""Users, their roles, and API tokens."""
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, created_at, int_pk, sha256_hex

ROLES = ("annotator", "reviewer", "editor", "admin")


class User(Base):
    __tablename__ = "user"
    __table_args__ = (CheckConstraint(f"role IN {ROLES!r}", name="role_known"),)

    id: Mapped[int_pk]
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str | None] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[created_at]
    last_login_at: Mapped[datetime | None]
    # Part of the id a login stores in the session cookie; raising it ends every session of the user.
    session_generation: Mapped[int] = mapped_column(default=1, server_default=text("1"))
    # Set by an admin's create or reset (a one-time password); the web login sends the user to choose their own.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=false())

    tokens: Mapped[list["ApiToken"]] = relationship(back_populates="user")

    # Flask-Login's interface, kept here because it is only attribute access.
    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        """What Flask-Login keeps in the session: the id and the generation the login was made in."""
        return f"{self.id}:{self.session_generation}"


class ApiToken(Base):
    """A bearer token for scripts; only its sha256 is stored."""

    __tablename__ = "api_token"

    id: Mapped[int_pk]
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    token_sha256: Mapped[sha256_hex] = mapped_column(unique=True)
    created_at: Mapped[created_at]
    last_used_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]  # None: until revoked
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(back_populates="tokens")
