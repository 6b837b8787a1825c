"""`factspan review queue|assign|export` and `factspan sources add|list`."""
import json
from datetime import date
from pathlib import Path

import click
from flask import current_app

from app.extensions import session
from app.review import service
from app.review.exporting import EXPORT_FORMATS, export_review
from app.review.sources import add_source, list_sources, project_review_settings
from app.texts.service import require_project

DEFAULT_PUBLIC_URL = "http://127.0.0.1:8000/"


@click.group("sources")
def sources_group() -> None:
    """The official documents a project's texts cite (readouts), to check sourced claims against."""


@sources_group.command("add")
@click.argument("project")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--title", required=True)
@click.option("--link", "links", multiple=True, required=True,
              help="A value of the source attribute this document backs, e.g. russian_readout (repeatable).")
@click.option("--publisher", default="")
@click.option("--url", default=None)
@click.option("--date", "published_on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None)
@click.option("--language", default="en", show_default=True)
def add(project: str, path: Path, title: str, links: tuple[str, ...], publisher: str, url: str | None,
        published_on, language: str) -> None:
    """Add PATH (UTF-8 text) as a source of PROJECT; claims citing its values are matched against it."""
    target = require_project(session(), project)
    source = add_source(session(), project=target, title=title, content=path.read_text(encoding="utf-8"),
                        linked_values=list(links), user=None, publisher=publisher, url=url,
                        published_on=published_on.date() if published_on else None, language=language)
    session().commit()
    click.echo(f"added source {source.id} '{source.title}' ({source.char_count:,} characters), "
               f"linked to {', '.join(source.linked_values)}")


@sources_group.command("list")
@click.argument("project")
def list_command(project: str) -> None:
    """List a project's sources."""
    click.echo(f"{'id':>4}  {'title':<40} {'publisher':<24} {'date':<10} {'chars':>7}  linked to")
    for source in list_sources(session(), project=require_project(session(), project)):
        day = source.published_on.isoformat() if isinstance(source.published_on, date) else ""
        click.echo(f"{source.id:>4}  {source.title[:40]:<40} {source.publisher[:24]:<24} {day:<10} "
                   f"{source.char_count:>7}  {', '.join(source.linked_values)}")


@click.group("review")
def review_group() -> None:
    """The editors' fact-check desk: the claims queue, assignment and exports."""


@review_group.command("queue")
@click.argument("project")
@click.option("--release", default=None, help="Build from this gold release (default: the current gold).")
@click.option("--status", default=None)
@click.option("--label", default=None)
@click.option("--limit", type=click.IntRange(min=1), default=100, show_default=True)
@click.option("--json", "as_json", is_flag=True)
def queue(project: str, release: str | None, status: str | None, label: str | None, limit: int,
          as_json: bool) -> None:
    """Build the queue from the gold (adding only new spans) and list it, most check-worthy first."""
    target = require_project(session(), project)
    report = service.build_queue(session(), project=target, release_name=release)
    session().commit()
    filters = service.ClaimFilters(status=status, label=label, gold_version=report.gold_version)
    claims, total = service.list_claims(session(), project=target, filters=filters, per_page=limit)
    settings = project_review_settings(session(), target)
    rows = [service.claim_row(claim, settings) for claim in claims]
    if as_json:
        click.echo(json.dumps({"gold_version": report.gold_version, "created": report.created,
                               "existing": report.existing, "total": total, "claims": rows},
                              ensure_ascii=False, indent=2))
        return
    click.echo(f"{service.gold_version_label(report.gold_version)}: {report.created} new claim(s), "
               f"{report.existing} already queued; {total} in the queue")
    for row in rows:
        score = "no source" if row["weak_match"] and row["match_score"] is None else (
            f"{row['match_score']:.0f}" if row["match_score"] is not None else "")
        flag = "!" if row["weak_match"] else " "
        click.echo(f"{row['id']:>6} {flag} {row['status']:<16} {row['label']:<20} {score:>9}  "
                   f"{row['assignee'] or '-':<12} {row['span_text'][:60]}")


@review_group.command("assign")
@click.argument("project")
@click.option("--editors", required=True, help="Comma-separated editor usernames.")
@click.option("--round-robin", is_flag=True, help="Deal every unassigned claim to the editors in turn.")
@click.option("--claim", "claim_ids", multiple=True, type=int, help="Assign these claims (by hand) to the one editor.")
def assign(project: str, editors: str, round_robin: bool, claim_ids: tuple[int, ...]) -> None:
    """Assign claims to editors: --round-robin over the unassigned ones, or --claim ID … to one editor."""
    target = require_project(session(), project)
    names = [name.strip() for name in editors.split(",") if name.strip()]
    if round_robin == bool(claim_ids):
        raise click.UsageError("Give either --round-robin or one or more --claim IDs.")
    if round_robin:
        dealt = service.assign_round_robin(session(), project=target, editors=names, user=None)
        session().commit()
        click.echo(", ".join(f"{name}: {count}" for name, count in dealt.items()))
        return
    if len(names) != 1:
        raise click.UsageError("Assigning by hand takes exactly one editor.")
    editor = service.require_editor(session(), names[0])
    for claim_id in claim_ids:
        claim = service.require_claim(session(), claim_id)
        if claim.project_id != target.id:
            raise click.ClickException(f"Claim {claim_id} is not in project '{target.name}'.")
        service.assign_claim(session(), claim=claim, assignee=editor, user=None)
    session().commit()
    click.echo(f"assigned {len(claim_ids)} claim(s) to {editor.username}")


@review_group.command("export")
@click.argument("project")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True)
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--release", default=None, help="jsonl: the gold version (default: the newest the queue was built from).")
@click.option("--base-url", default=None, help="Where verdicts are published, for ClaimReview urls "
              "(default: the PUBLIC_URL setting, else make run's address).")
def export(project: str, fmt: str, out_path: Path, release: str | None, base_url: str | None) -> None:
    """Write ClaimReview JSON-LD (published verdicts), a CSV of every verdict, or gold JSONL with verdicts."""
    target = require_project(session(), project)
    base = base_url or current_app.config.get("PUBLIC_URL") or DEFAULT_PUBLIC_URL
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with out_path.open("wb") as out:
        count = export_review(session(), project=target, fmt=fmt, out=out, base_url=base, release_name=release)
    what = "text(s)" if fmt == "jsonl" else "verdict(s)"
    click.echo(f"wrote {out_path}: {count} {what}")
