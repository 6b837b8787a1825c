"""Secret key: from the environment, or generated once into the instance folder."""
import os
import secrets
import tempfile
from pathlib import Path

from flask import Flask


def ensure_secret_key(app: Flask) -> None:
    """Use FACTSPAN_SECRET_KEY if set; otherwise keep a generated key in instance/secret_key."""
    if app.config.get("SECRET_KEY"):
        return
    key_file = Path(app.instance_path) / "secret_key"
    if not key_file.exists():
        _create_key_file(key_file)
    key = key_file.read_text().strip()
    if not key:
        raise RuntimeError(f"{key_file} is empty; delete it to generate a new key, or set FACTSPAN_SECRET_KEY.")
    app.config["SECRET_KEY"] = key


def _create_key_file(key_file: Path) -> None:
    """Write a complete key beside the target, then link it into place.

    Workers starting together race here: os.link never replaces, so the first complete key wins,
    and no start can read a file that exists but is still empty.
    """
    key_file.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=".secret_key.", dir=key_file.parent)  # mode 0600
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, key_file)
        except FileExistsError:
            pass  # another start linked its key first; everyone reads that one
    finally:
        os.unlink(temporary)
