"""`factspan projects …` and `factspan import-texts`."""
import sys
from pathlib import Path

import click
from flask import current_app

from app.annotation_schemas.service import latest_schema_version
from app.extensions import session
from app.texts import service
from app.texts.readers import count_records


@click.group("projects")
def projects_group() -> None:
    """Create and list projects."""


@projects_group.command("create")
@click.argument("name")
@click.option("--schema", "schema_id", required=True, help="Annotation schema id, e.g. fact_opinion.")
@click.option("--annotators-per-text", type=click.IntRange(min=1), default=3, show_default=True)
@click.option("--description", default="")
def create_project(name: str, schema_id: str, annotators_per_text: int, description: str) -> None:
    """Create a project using the latest version of an annotation schema."""
    version = latest_schema_version(session(), schema_id)
    project = service.create_project(
        session(), name=name, annotation_schema_version=version, annotators_per_text=annotators_per_text,
        description=description,
    )
    session().commit()
    click.echo(f"created project {project.id} '{project.name}' with {schema_id} {version.version} "
               f"(revision {version.revision}), {annotators_per_text} annotator(s) per text")
    adjudication = service.adjudication_settings(project)
    click.echo(f"adjudication policy: {adjudication['policy']} (from the schema), "
               f"at least {adjudication['min_annotators']} annotators")


@projects_group.command("list")
@click.option("--archived", is_flag=True, help="Include archived projects.")
def list_projects(archived: bool) -> None:
    """List projects with their schema and text count."""
    click.echo(f"{'id':>4}  {'name':<30} {'schema':<28} {'per text':>8} {'texts':>8}")
    for project, text_count in service.list_projects_with_text_counts(session(), include_archived=archived):
        schema = project.annotation_schema_version
        label = f"{schema.schema_id} {schema.version} r{schema.revision}"
        state = "  (archived)" if project.archived_at else ""
        click.echo(f"{project.id:>4}  {project.name:<30} {label:<28} {project.annotators_per_text:>8} {text_count:>8}"
                   f"{state}")


@projects_group.command("configure")
@click.argument("name")
@click.option("--adjudication-policy", type=click.Choice(["majority", "unanimous"]),
              help="Which spans are pre-accepted when a reviewer starts adjudicating a text.")
@click.option("--min-annotators", type=click.IntRange(min=1), help="Fewest annotators a policy may settle on.")
@click.option("--show-gold/--hide-gold", default=None, help="Let annotators compare their spans with the gold.")
@click.option("--show-suggestions/--hide-suggestions", default=None,
              help="Draw suggestions on the annotation page (on unless hidden; hide them for a blind baseline).")
@click.option("--queue-order", type=click.Choice(["import", "uncertainty"]), default=None,
              help="Each annotator's next text: in import order, or the texts the model is least sure of first.")
@click.option("--review-signoff/--no-review-signoff", default=None,
              help="Whether a second editor signs a verdict off before it is published (default on).")
def configure_project(name: str, adjudication_policy: str | None, min_annotators: int | None,
                      show_gold: bool | None, show_suggestions: bool | None, queue_order: str | None,
                      review_signoff: bool | None) -> None:
    """Change a project's adjudication policy, feedback, suggestions, queue order and review sign-off;
    without options, show them."""
    project = service.require_project(session(), name)
    changes: dict = {}
    if adjudication_policy or min_annotators:
        adjudication = dict(project.settings.get("adjudication", {}))
        adjudication.update({k: v for k, v in (("policy", adjudication_policy), ("min_annotators", min_annotators))
                             if v is not None})
        changes["adjudication"] = adjudication
    if show_gold is not None:
        changes["show_gold_to_annotators"] = show_gold
    if show_suggestions is not None:
        changes["show_suggestions"] = show_suggestions
    if queue_order is not None:
        changes["queue_order"] = queue_order
    if review_signoff is not None:
        changes["review_signoff"] = review_signoff
    if changes:
        service.update_project_settings(session(), project=project, changes=changes)
        session().commit()
    for key, value in sorted(project.settings.items()):
        click.echo(f"{key}: {value}")
    adjudication = service.adjudication_settings(project)
    click.echo(f"adjudication policy in force: {adjudication['policy']} (from the {adjudication['policy_source']}), "
               f"at least {adjudication['min_annotators']} annotators")


@projects_group.command("archive")
@click.argument("name")
@click.option("--undo", is_flag=True, help="Make an archived project active again.")
def archive_project(name: str, undo: bool) -> None:
    """Archive a project: it leaves the active lists and takes no new imports or assignments (its data stays)."""
    project = service.set_project_archived(session(), project=service.require_project(session(), name),
                                           archived=not undo, actor_id=None)
    session().commit()
    click.echo(f"project '{project.name}' is {'active' if undo else 'archived'}")


@click.command("import-texts")
@click.argument("project")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--print-ids", is_flag=True, help="Also print each created text's id and external id (tab-separated).")
def import_texts_command(project: str, paths: tuple[Path, ...], print_ids: bool) -> None:
    """Import .txt files or folders, JSONL ({"id","text","title","source_url","meta"}), CSV, or zips of them into
    PROJECT."""
    target = service.require_project(session(), project)
    with click.progressbar(length=count_records(list(paths)), label="Importing", file=sys.stderr) as bar:
        report = service.import_paths(session(), project=target, paths=paths, on_record=lambda: bar.update(1),
                                      max_text_chars=current_app.config["MAX_TEXT_CHARS"])
    session().commit()
    click.echo(f"imported {report.imported}, skipped {len(report.skipped)} as duplicate, "
               f"rejected {len(report.rejected)}")
    for rejection in report.rejected:
        click.echo(f"  rejected {rejection.location}: {rejection.reason}")
    if print_ids:
        for text_id, external_id in service.list_imported_texts(session(), import_id=report.import_id):
            click.echo(f"{text_id}\t{external_id or ''}")
    if report.rejected and not report.imported:
        raise SystemExit(1)
