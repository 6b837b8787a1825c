"""`factspan gold …`: adjudicate, release, releases, diff, export."""
import json
import os
import sys
from pathlib import Path

import click

from app.extensions import session
from app.gold.candidates import POLICIES
from app.gold.formats import FORMAT_SUFFIX, FORMATS, FormatUnavailable, hf_tag_names
from app.gold.formats_readme import export_readme
from app.gold.releases import (
    diff_releases,
    export_context,
    export_release,
    export_release_docbin,
    list_releases,
    release_gold,
    require_release,
)
from app.gold.service import adjudicate_project
from app.gold.split import DEFAULT_SPLIT_NAMES, parse_split, split_suffixed_path
from app.texts.service import require_project


@click.group("gold")
def gold_group() -> None:
    """Adjudicate into gold, release it, and export training data."""


@gold_group.command("adjudicate")
@click.argument("project")
@click.option("--policy", type=click.Choice(POLICIES), default=None,
              help="Default: the project's policy (its schema's adjudication_policy unless configured).")
@click.option("--min-annotators", type=click.IntRange(min=1), default=None,
              help="Default: the project's setting (2 unless configured).")
def adjudicate(project: str, policy: str | None, min_annotators: int | None) -> None:
    """Settle what the policy can in every fully submitted text; the rest waits for a reviewer."""
    report = adjudicate_project(session(), project=require_project(session(), project), policy=policy,
                                min_annotators=min_annotators)
    session().commit()
    click.echo(f"policy: {report.policy}, at least {report.min_annotators} annotators")
    click.echo(f"texts started: {report.texts_started}, waiting for annotators: {report.texts_waiting}")
    click.echo(f"items settled by {report.policy}: {report.items_settled}, left for reviewers: {report.items_open}")
    click.echo(f"texts fully adjudicated: {report.texts_adjudicated}")


@gold_group.command("release")
@click.argument("project")
@click.option("--name", required=True, help="A new, unique name, e.g. v1.")
@click.option("--notes", default="", help="What changed since the last release; shown with the release.")
@click.option("--allow-unchanged", is_flag=True, help="Release even when the gold equals the previous release's.")
def release(project: str, name: str, notes: str, allow_unchanged: bool) -> None:
    """Freeze the gold of all adjudicated texts into an immutable release."""
    frozen = release_gold(session(), project=require_project(session(), project), name=name, user=None, notes=notes,
                          allow_unchanged=allow_unchanged)
    session().commit()
    click.echo(f"released {frozen.name}: {frozen.text_count} texts, {frozen.span_count} spans, sha256 {frozen.sha256}")
    click.echo("labels: " + ", ".join(f"{label} {count}" for label, count in frozen.label_counts.items()))


@gold_group.command("releases")
@click.argument("project")
def releases(project: str) -> None:
    """List a project's releases."""
    click.echo(f"{'name':<16} {'created':<17} {'texts':>7} {'spans':>8}  {'sha256':<17}  notes")
    for item in list_releases(session(), project=require_project(session(), project)):
        click.echo(f"{item.name:<16} {item.created_at:%Y-%m-%d %H:%M} {item.text_count:>7} {item.span_count:>8}  "
                   f"{item.sha256[:16]}…  {' '.join(item.notes.split())}")


@gold_group.command("diff")
@click.argument("project")
@click.argument("first")
@click.argument("second")
@click.option("--json", "as_json", is_flag=True)
def diff(project: str, first: str, second: str, as_json: bool) -> None:
    """Spans added, removed and changed from release FIRST to release SECOND."""
    target = require_project(session(), project)
    result = diff_releases(session(), first=require_release(session(), project=target, name=first),
                           second=require_release(session(), project=target, name=second))
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    for kind, sign in (("added", "+"), ("removed", "-"), ("changed", "~")):
        for span in result[kind]:
            click.echo(f"{sign} text {span['text_id']} {span['start']}-{span['end']} {span['label']}")
    click.echo(f"{len(result['added'])} added, {len(result['removed'])} removed, {len(result['changed'])} changed")


@gold_group.command("export")
@click.argument("project")
@click.option("--release", "release_name", required=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True)
@click.option("--out", "out_path", type=click.Path(path_type=Path), required=True)
@click.option("--split", "split_spec", default=None, help="e.g. 80/10/10: train/dev/test by text id, stable across releases.")
@click.option("--workers", type=click.IntRange(min=1), default=os.cpu_count() or 1, show_default="CPU count",
              help="Processes that decode and render texts; output order is kept.")
def export(project: str, release_name: str, fmt: str, out_path: Path, split_spec: str | None, workers: int) -> None:
    """Stream a release to a file (or one file per split) in a training-data format."""
    target = require_project(session(), project)
    frozen = require_release(session(), project=target, name=release_name)
    try:
        ratios = parse_split(split_spec) if split_spec else None
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--split") from exc
    splits = [(name, (ratios, name)) for name in DEFAULT_SPLIT_NAMES[:len(ratios)]] if ratios else [(None, None)]
    for split_name, split in splits:
        path = split_suffixed_path(out_path, split_name) if split_name else out_path
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as out, click.progressbar(length=frozen.text_count, label=f"Exporting {path.name}",
                                                        file=sys.stderr) as bar:
            stats = export_release(session(), release=frozen, fmt=fmt, out=out, split=split,
                                   on_document=lambda: bar.update(1), workers=workers)
        click.echo(f"wrote {path}: {stats.documents} texts, {stats.spans} spans, {stats.bytes_written:,} bytes")
        if fmt == "spacy":
            _write_docbin(frozen, path, split)
    context = export_context(session(), frozen)
    stem = out_path.name.removesuffix(FORMAT_SUFFIX[fmt])
    if fmt == "hf":
        labels_path = out_path.with_name(stem + ".labels.json")
        labels_path.write_text(json.dumps({"ner_tags": hf_tag_names(context)}, indent=2))
        click.echo(f"wrote {labels_path}: the ClassLabel names of ner_tags")
    readme_path = out_path.with_name(f"{stem}.{fmt}.README.md")
    readme_path.write_text(export_readme(fmt, context), encoding="utf-8")
    click.echo(f"wrote {readme_path}: what the export holds and how to read it")


def _write_docbin(frozen, jsonl_path: Path, split) -> None:
    docbin_path = jsonl_path.with_name(jsonl_path.name.replace(".jsonl", "") + ".spacy")
    try:
        stats = export_release_docbin(session(), release=frozen, path=str(docbin_path), split=split)
    except FormatUnavailable as exc:
        click.echo(f"no .spacy DocBin: {exc}")
        return
    click.echo(f"wrote {docbin_path}: a spaCy DocBin of {stats.documents} texts")
