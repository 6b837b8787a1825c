"""Helpers shared by the benchmarks: a throwaway instance, the factspan command, percentiles."""
import os
import socket
import subprocess
import sys
import tempfile
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
