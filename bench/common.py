"""Helpers shared by the benchmarks: a throwaway instance or PostgreSQL database, the factspan command, percentiles."""
import os
import socket
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FACTSPAN = str(Path(sys.executable).parent / "factspan")


def fresh_environment(prefix: str) -> tuple[dict[str, str], Path]:
    """Environment variables pointing factspan at a new SQLite database in a temp folder."""
    folder = Path(tempfile.mkdtemp(prefix=f"factspan-{prefix}-"))
    env = dict(os.environ)
    env["FACTSPAN_DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite'}"
    env["FACTSPAN_SECRET_KEY"] = "bench-only-secret"
    env["FACTSPAN_DEMO_PASSWORD"] = "bench-password"
    return env, folder


def factspan(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([FACTSPAN, *args], env=env, cwd=REPO, capture_output=True, text=True, check=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(fraction * (len(sorted_values) - 1))))
    return sorted_values[index]


def postgres_database(server_url: str) -> tuple[str, callable]:
    """A new, empty database on the PostgreSQL server; returns its URL and the function that drops it."""
    from sqlalchemy import create_engine, text  # only PostgreSQL runs need a server connection
    from sqlalchemy.engine import make_url

    from app.database import normalise_url

    server = make_url(normalise_url(server_url))
    name = f"factspan_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return server.set(database=name).render_as_string(hide_password=False), drop
