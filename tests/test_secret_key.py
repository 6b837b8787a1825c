"""The generated secret key: concurrent first starts agree on one complete key."""
import multiprocessing
import secrets
import threading
import time
from types import SimpleNamespace

from app.secret_key import ensure_secret_key

STARTS = 8


def _start(instance_path: str) -> str:
    app = SimpleNamespace(config={}, instance_path=instance_path)
    ensure_secret_key(app)
    return app.config["SECRET_KEY"]


def _slow_token_hex(nbytes: int) -> str:
    # Generating the key takes a moment here, so a start that finds a half-made key file would see it.
    time.sleep(0.05)
    return _real_token_hex(nbytes)


_real_token_hex = secrets.token_hex


def test_concurrent_first_starts_in_threads_share_one_complete_key(tmp_path, monkeypatch):
    monkeypatch.setattr(secrets, "token_hex", _slow_token_hex)
    barrier = threading.Barrier(STARTS)
    keys, errors = [], []

    def start() -> None:
        barrier.wait()
        try:
            keys.append(_start(str(tmp_path)))
        except Exception as exc:  # the race showed as FileExistsError
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(STARTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(keys)) == 1 and len(keys[0]) == 64


def _process_start(instance_path: str, barrier, results) -> None:
    secrets.token_hex = _slow_token_hex
    barrier.wait()
    try:
        results.put(_start(instance_path))
    except Exception as exc:
        results.put(repr(exc))


def test_concurrent_first_starts_in_processes_share_one_complete_key(tmp_path):
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(STARTS), context.Queue()
    processes = [context.Process(target=_process_start, args=(str(tmp_path), barrier, results)) for _ in range(STARTS)]
    for process in processes:
        process.start()
    keys = [results.get(timeout=30) for _ in processes]
    for process in processes:
        process.join()
    assert len(set(keys)) == 1 and len(keys[0]) == 64, keys
