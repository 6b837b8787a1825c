"""A throwaway PostgreSQL cluster (initdb + pg_ctl) on a port of its own, for tests that stop and restart the server."""
import glob
import os
import shutil
import socket
import subprocess
import tempfile

import pytest


class Cluster:
    """A PostgreSQL cluster in a temporary folder, run as the postgres user when the tests run as root."""

    def __init__(self, bin_dir: str) -> None:
        self.bin_dir = bin_dir
        self.folder = tempfile.mkdtemp(prefix="factspan-pg-")
        self.data = os.path.join(self.folder, "data")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.as_owner: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
            self.as_owner = ["runuser", "-u", "postgres", "--"]
        self._run("initdb", "-D", self.data, "-A", "trust", "-U", "postgres", "--no-sync")
        self.running = False
        self.start()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, program: str, *args: str) -> None:
        done = subprocess.run([*self.as_owner, os.path.join(self.bin_dir, program), *args], capture_output=True,
                              text=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"{program} {' '.join(args)} failed: {done.stderr or done.stdout}")

    def _pg_ctl(self, action: str, *args: str) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", self.data, "-o", options, "-l", os.path.join(self.folder, "log"), "-w",
                  *args, action)

    def start(self) -> None:
        if not self.running:
            self._pg_ctl("start")
            self.running = True

    def stop(self) -> None:
        self._pg_ctl("stop", "-m", "fast")
        self.running = False

    def restart(self) -> None:
        self._pg_ctl("restart", "-m", "fast")

    def remove(self) -> None:
        try:
            self._pg_ctl("stop", "-m", "immediate")
        except RuntimeError:
            pass  # already stopped
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture(scope="module")
def cluster():
    initdbs = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not initdbs:
        pytest.skip("no PostgreSQL server binaries under /usr/lib/postgresql/*/bin to start a throwaway cluster")
    started = Cluster(os.path.dirname(initdbs[-1]))
    yield started
    started.remove()
