"""`factspan assign`: hand a project's texts to annotators."""
import click

from app.annotations.assignments import assign_texts
from app.auth.service import require_user
from app.extensions import session
from app.texts.service import require_project


@click.command("assign")
@click.argument("project")
@click.argument("annotators", nargs=-1, required=True)
def assign_command(project: str, annotators: tuple[str, ...]) -> None:
    """Give each text of PROJECT its number of annotators, drawn from ANNOTATORS (usernames), least loaded first."""
    target = require_project(session(), project)
    users = [require_user(session(), name) for name in annotators]
    created = assign_texts(session(), project=target, annotators=users)
    session().commit()
    click.echo(f"created {created} assignment(s)" if created else "Nothing to do: every text has its annotators.")
