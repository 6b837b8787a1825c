"""`factspan agreement`: agreement from a JSONL file (no database) or a project, and routing settings.

`--input` needs neither the app nor the database, so this module imports them only where a command
uses them (app.cli loads it without the app).
"""
import json
from dataclasses import asdict
from pathlib import Path

import click

from app.cli_context import with_app_context


def report_from_file(path: Path, *, bootstrap: int, seed: int) -> dict:
    """Read the JSONL file, report bad lines on stderr, compute on the good ones.

    :raises click.ClickException: no line holds a valid document.
    """
    from app.agreement.documents import parse_annotations_jsonl
    from app.agreement.metrics import compute_agreement

    with path.open("rb") as lines:
        documents, errors = parse_annotations_jsonl(lines)
    for error in errors:
        click.echo(f"{path}:{error.line_number}: {error.reason}", err=True)
    if not documents:
        raise click.ClickException(f"{path} holds no valid document.")
    return compute_agreement(documents, bootstrap_samples=bootstrap, seed=seed)


def _report_from_project(project_name: str, *, include_drafts: bool, labels: tuple[str, ...],
                         annotators: tuple[str, ...], bootstrap: int, seed: int, apply_routing: bool) -> dict:
    from app.agreement.routing import apply_project_routing
    from app.agreement.service import compute_project_agreement
    from app.extensions import session
    from app.texts.service import require_project

    project = require_project(session(), project_name)
    decisions = []
    if apply_routing:
        decisions = apply_project_routing(session(), project=project)
        session().commit()
    report = compute_project_agreement(
        session(), project=project, bootstrap_samples=bootstrap, seed=seed, include_drafts=include_drafts,
        labels=list(labels), annotators=list(annotators),
    )
    if apply_routing:
        report["routing"] = [asdict(decision) for decision in decisions]
    return report


def _routing_lines(decisions: list[dict]) -> str:
    acted = [d for d in decisions if d["action"] != "none"]
    lines = [f"\nrouting: {len(decisions)} fully submitted text(s) checked, {len(acted)} routed"]
    for d in acted:
        target = f"sent to {d['sent_to']}" if d["action"] == "add_annotator" else "flagged"
        lines.append(f"  text {d['text_id']}: {target} (value {d['value']:.3f})")
    return "\n".join(lines) + "\n"


@click.group("agreement", invoke_without_command=True)
@click.option("--input", "input_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="JSONL of {id, text, annotations: [{annotator, spans: [{start, end, label}]}]}; no database needed.")
@click.option("--project", help="Project name or id: measure its submitted annotations.")
@click.option("--include-drafts", is_flag=True, help="With --project: count drafts too.")
@click.option("--label", "labels", multiple=True, help="With --project: only these labels (repeatable).")
@click.option("--annotator", "annotators", multiple=True, help="With --project: only these usernames (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print the full report as one JSON object.")
@click.option("--bootstrap", type=click.IntRange(min=0, max=100_000), default=1000, show_default=True,
              help="Bootstrap resamples for the 95% intervals (0: none).")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True)
@click.option("--apply-routing", is_flag=True, help="With --project: route every fully submitted text first.")
@click.pass_context
def agreement_group(ctx: click.Context, input_path: Path | None, project: str | None, include_drafts: bool,
                    labels: tuple[str, ...], annotators: tuple[str, ...], as_json: bool, bootstrap: int, seed: int,
                    apply_routing: bool) -> None:
    """Inter-annotator agreement of a JSONL file (--input) or a project (--project)."""
    if ctx.invoked_subcommand is not None:
        return
    if (input_path is None) == (project is None):
        raise click.UsageError("Give exactly one of --input FILE.jsonl or --project NAME.")
    if input_path is not None:
        if include_drafts or labels or annotators or apply_routing:
            raise click.UsageError("--include-drafts, --label, --annotator and --apply-routing need --project.")
        report = report_from_file(input_path, bootstrap=bootstrap, seed=seed)
    else:
        report = with_app_context(_report_from_project)(project, include_drafts=include_drafts, labels=labels,
                                                        annotators=annotators, bootstrap=bootstrap, seed=seed,
                                                        apply_routing=apply_routing)
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False))
        return
    from app.agreement.report import render_table

    click.echo(render_table(report), nl=False)
    if "routing" in report:
        click.echo(_routing_lines(report["routing"]), nl=False)


@agreement_group.command("routing")
@click.argument("project")
@click.option("--action", type=click.Choice(["add_annotator", "flag", "off"]),
              help="What to do with a fully submitted text below the threshold; omit to show the setting.")
@click.option("--threshold", type=float, help="Route texts whose metric is below this.")
@click.option("--metric", default="char_alpha_nominal", show_default=True,
              help="Report key to compare (e.g. char_alpha_nominal, span_f1_overlap_mean, alpha_unitized).")
@with_app_context
def routing_command(project: str, action: str | None, threshold: float | None, metric: str) -> None:
    """Show or set agreement-based routing of PROJECT."""
    from app.agreement.routing import routing_settings, set_routing
    from app.extensions import session
    from app.texts.service import require_project

    target = require_project(session(), project)
    if action is not None:
        set_routing(session(), project=target, action=action, threshold=threshold, metric=metric)
        session().commit()
    settings = routing_settings(target)
    if settings is None:
        click.echo(f"routing is off for project '{target.name}'")
    else:
        click.echo(f"routing for project '{target.name}': {settings['action']} when {settings['metric']} "
                   f"< {settings['threshold']:g}")


@agreement_group.command("store")
@click.argument("project")
@with_app_context
def store_command(project: str) -> None:
    """Store each fully submitted text's agreement on the text (the text browser filters on it); submissions
    store it themselves, this is for texts submitted before."""
    from app.agreement.stored import store_project_agreements
    from app.extensions import session
    from app.texts.service import require_project

    target = require_project(session(), project)
    count = store_project_agreements(session(), project=target)
    session().commit()
    click.echo(f"stored the agreement of {count} text(s)")
