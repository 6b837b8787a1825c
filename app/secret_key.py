"""Secret key: from the environment, or generated once into the instance folder."""
import os
import secrets
from pathlib import Path

from flask import Flask


def ensure_secret_key(app: Flask) -> None:
    """Use FACTSPAN_SECRET_KEY if set; otherwise keep a generated key in instance/secret_key."""
    if app.config.get("SECRET_KEY"):
        return
    key_file = Path(app.instance_path) / "secret_key"
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    app.config["SECRET_KEY"] = key_file.read_text().strip()
