"""Run every benchmark in turn with its default (issue-sized) workload; `make bench` calls this."""
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = [
    ("import-texts: 50,000-line JSONL with 3 broken lines", ["bench_import.py"]),
    ("server: saves and reads under gunicorn on SQLite", ["bench_server.py"]),
    ("browser: 50,000 characters, 500 spans", ["bench_browser.py"]),
    ("agreement: 2,000 docs x 5,000 chars x 3 annotators", ["bench_agreement.py"]),
    ("gold export writers: 100,000 generated texts", ["bench_export.py"]),
    ("gold export from the database: 100,000-text release", ["bench_gold_export.py"]),
    ("jobs: 100,000-text release export, one worker vs two", ["bench_jobs.py"]),
    ("suggester: train on 2,000 gold texts, predict 1,000", ["bench_suggest.py"]),
    ("review desk: 10,000 claims, queue and review page", ["bench_review.py"]),
    ("archive: export and import a 10,000-text project", ["bench_archive.py"]),
    ("text browser: search and filters over 100,000 texts, SQLite and PostgreSQL", ["bench_text_search.py"]),
    ("admin: audit log of 100,000 entries, users page, token reads", ["bench_admin.py"]),
]


def main() -> int:
    selected = set(sys.argv[1:])
    failed = []
    for title, command in BENCHMARKS:
        if selected and command[0].removeprefix("bench_").removesuffix(".py") not in selected:
            continue
        print(f"\n=== {title} ===", flush=True)
        if subprocess.run([sys.executable, str(HERE / command[0]), *command[1:]], cwd=HERE.parent).returncode:
            failed.append(command[0])
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
