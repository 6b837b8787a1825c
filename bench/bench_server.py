"""Benchmark saves and reads against gunicorn on the default SQLite setup, with concurrent clients."""
import argparse
import http.client
import json
import random
import re
import subprocess
import multiprocessing
import time
import urllib.parse

from common import FACTSPAN, REPO, factspan, free_port, fresh_environment, percentile

LABELS = {
    "sourced_readout": {"source": "russian_readout"},
    "author_inference": {"inference_type": "speculation"},
    "unverifiable_claim": {"reason": "motive_or_intent", "check_worthiness": "high"},
}


def make_spans(text_length: int, count: int, rng: random.Random) -> list[dict]:
    width = text_length // count
    spans = []
    for index in range(count):
        start = index * width + rng.randrange(0, width // 3)
        label = rng.choice(list(LABELS))
        spans.append({"start": start, "end": start + width // 2, "label": label, "attributes": LABELS[label]})
    return spans


def setup(env: dict, clients: int) -> list[str]:
    factspan(env, "init", "--demo")
    factspan(env, "projects", "create", "bench", "--schema", "fact_opinion", "--annotators-per-text", str(clients))
    factspan(env, "import-texts", "bench", "seed_texts/putin_xi_call_2026-02-04.txt")
    names = [f"bench{i}" for i in range(clients)]
    for name in names:
        factspan(env, "users", "create", name, "--role", "annotator", "--password", "bench-password")
    factspan(env, "assign", "bench", *names)
    return [factspan(env, "users", "token", name).stdout.strip() for name in names]


def request(connection, method: str, path: str, token: str, body: dict | None = None) -> tuple[int, dict, float]:
    headers = {"Authorization": f"Bearer {token}"}
    payload = None
    if body is not None:
        payload = json.dumps(body)
        headers["Content-Type"] = "application/json"
    started = time.perf_counter()
    connection.request(method, path, body=payload, headers=headers)
    response = connection.getresponse()
    data = response.read()
    return response.status, json.loads(data), time.perf_counter() - started


def client_loop(port: int, token: str, seconds: float, seed: int, out: dict) -> None:
    rng = random.Random(seed)
    connection = http.client.HTTPConnection("127.0.0.1", port)
    _, assignments, _ = request(connection, "GET", "/api/v1/assignments", token)
    bench_set = assignments[-1]["annotation_set_id"]
    status, current, _ = request(connection, "GET", f"/api/v1/annotation-sets/{bench_set}", token)
    version, latencies, errors = current["version"], [], 0
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        body = {"version": version, "spans": make_spans(7013, 30, rng)}
        status, saved, elapsed = request(connection, "PUT", f"/api/v1/annotation-sets/{bench_set}", token, body)
        if status != 200:
            errors += 1
            continue
        version = saved["version"]
        latencies.append(elapsed)
    out.update(latencies=latencies, errors=errors, set_id=bench_set)


def measure_reads(port: int, token: str, set_id: int, count: int) -> list[float]:
    connection = http.client.HTTPConnection("127.0.0.1", port)
    return sorted(request(connection, "GET", f"/api/v1/annotation-sets/{set_id}", token)[2] for _ in range(count))


def measure_page(port: int, username: str, count: int) -> list[float]:
    """Log in with a cookie and time the annotation page itself (text, spans, schema, guidelines)."""
    connection = http.client.HTTPConnection("127.0.0.1", port)
    connection.request("GET", "/login")
    response = connection.getresponse()
    page = response.read().decode()
    cookie = response.headers["Set-Cookie"].split(";")[0]
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"username": username, "password": "bench-password", "csrf_token": token})
    connection.request("POST", "/login", body=form, headers={"Cookie": cookie,
                                                             "Content-Type": "application/x-www-form-urlencoded"})
    response = connection.getresponse()
    response.read()
    cookie = response.headers["Set-Cookie"].split(";")[0]
    connection.request("GET", "/annotate/next", headers={"Cookie": cookie})
    response = connection.getresponse()
    response.read()
    target = urllib.parse.urlsplit(response.headers["Location"]).path
    timings = []
    for _ in range(count):
        started = time.perf_counter()
        connection.request("GET", target, headers={"Cookie": cookie})
        response = connection.getresponse()
        response.read()
        timings.append(time.perf_counter() - started)
        assert response.status == 200
    return sorted(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    args = parser.parse_args()
    args.port = args.port or free_port()
    env, folder = fresh_environment("server")
    tokens = setup(env, args.clients)
    gunicorn = subprocess.Popen(
        [FACTSPAN.replace("factspan", "gunicorn"), "--workers", str(args.workers), "--bind",
         f"127.0.0.1:{args.port}", "wsgi:app"], env=env, cwd=str(REPO),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(args.port)
        # One process per client: threads would queue on the client's own GIL and inflate the latencies.
        with multiprocessing.Manager() as manager:
            shared = [manager.dict() for _ in tokens]
            clients = [multiprocessing.Process(target=client_loop, args=(args.port, token, args.seconds, i, shared[i]))
                       for i, token in enumerate(tokens)]
            started = time.perf_counter()
            for client in clients:
                client.start()
            for client in clients:
                client.join()
            wall = time.perf_counter() - started
            results = [dict(result) for result in shared]
        latencies = sorted(x for r in results for x in r["latencies"])
        errors = sum(r["errors"] for r in results)
        reads = measure_reads(args.port, tokens[0], results[0]["set_id"], 500)
        pages = measure_page(args.port, "bench0", 200)
    finally:
        gunicorn.terminate()
        gunicorn.wait()
    print(f"gunicorn: {args.workers} sync workers, SQLite (WAL) at {folder}")
    print(f"saves (30 spans, one request each), {args.clients} concurrent clients for {wall:.1f} s:")
    print(f"  {len(latencies)} saves, {errors} errors, {len(latencies) / wall:.0f} saves/s, "
          f"p50 {percentile(latencies, .5) * 1000:.1f} ms, p99 {percentile(latencies, .99) * 1000:.1f} ms")
    print(f"read annotation set (API, 30 spans): p50 {percentile(reads, .5) * 1000:.2f} ms, "
          f"p99 {percentile(reads, .99) * 1000:.2f} ms")
    print(f"open annotation page (HTML with text, spans, schema): p50 {percentile(pages, .5) * 1000:.2f} ms, "
          f"p99 {percentile(pages, .99) * 1000:.2f} ms")


def _wait_for(port: int) -> None:
    for _ in range(100):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not start")


if __name__ == "__main__":
    main()
