"""`factspan suggest …`: train a tagger on gold, run it (or the rules) over a project, predict on a file, evaluate."""
import json
from pathlib import Path

import click
from flask import current_app
from sqlalchemy.engine import make_url

from app.annotation_schemas.file_format import load_schema_file
from app.extensions import session
from app.suggestions.model_files import open_model, rules
from app.suggestions.training import evaluate_suggester, run_suggester, train_suggester
from app.texts.service import require_project


def models_dir() -> Path:
    """SUGGESTER_MODELS_DIR, else models/ beside a SQLite database file, else instance/models."""
    configured = current_app.config.get("SUGGESTER_MODELS_DIR")
    if configured:
        return Path(configured)
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database).resolve().parent / "models"
    return Path(current_app.instance_path) / "models"


@click.group("suggest")
def suggest_group() -> None:
    """Suggestions from rules or a tagger trained on the gold."""


@suggest_group.command("train")
@click.argument("project")
@click.option("--release", "release_name", required=True, help="The gold release to learn from.")
def train_command(project: str, release_name: str) -> None:
    """Train a new tagger version on a gold release; the model file goes beside the database."""
    target = require_project(session(), project)
    suggester = train_suggester(session(), project=target, release_name=release_name, models_dir=models_dir())
    session().commit()
    m = suggester.metrics
    click.echo(f"trained {suggester.name} (id {suggester.id}) on {m['release']}: {m['texts']} texts, "
               f"{m['sentences']} sentences, {m['spans']} spans in {m['seconds']} s -> {suggester.model_path}")


@suggest_group.command("run")
@click.argument("project")
@click.option("--model", "suggester_id", type=int, help="Suggester id (default: the newest tagger, else the rules).")
def run_command(project: str, suggester_id: int | None) -> None:
    """Propose suggestions on every text without submitted annotations."""
    target = require_project(session(), project)
    report = run_suggester(session(), project=target, models_dir=models_dir(), suggester_id=suggester_id)
    session().commit()
    click.echo(f"{report.suggester}: {report.suggestions} suggestion(s) on {report.texts} text(s) "
               f"in {report.seconds} s")


@suggest_group.command("predict")
@click.option("--input", "input_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True,
              help="JSONL with {id, text} per line (other keys are ignored).")
@click.option("--output", "output_path", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--model", "model_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A tagger file (instance/models/…/crf-N.crfsuite, with its .json beside it).")
@click.option("--rules", "use_rules", is_flag=True, help="The rule-based cold-start suggester.")
@click.option("--schema", "schema_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="With --rules: the schema file (default annotation_schemas/fact_opinion.yaml).")
def predict_command(input_path: Path, output_path: Path, model_path: Path | None, use_rules: bool,
                    schema_path: Path | None) -> None:
    """Write factspan JSONL with one annotator, `suggester`, for every text; no database needed."""
    if bool(model_path) == use_rules:
        raise click.UsageError("Give either --model FILE or --rules.")
    if use_rules:
        path = schema_path or Path(current_app.config["ANNOTATION_SCHEMAS_DIR"]) / "fact_opinion.yaml"
        model = rules(load_schema_file(path).document)
    else:
        model = open_model(model_path)
    texts = spans = 0
    with input_path.open(encoding="utf-8-sig", errors="replace") as lines, \
            output_path.open("w", encoding="utf-8") as out:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                text = record["text"]
                if not isinstance(text, str):
                    raise TypeError
            except (json.JSONDecodeError, KeyError, TypeError):
                click.echo(f"{input_path}:{number}: needs a JSON object with a string 'text'", err=True)
                continue
            proposed, uncertainty = model.suggest(text)
            texts += 1
            spans += len(proposed)
            out.write(json.dumps({
                "id": str(record.get("id", number)), "text": text, "meta": {"uncertainty": uncertainty,
                                                                          "suggester": model.name},
                "annotations": [{"annotator": "suggester", "spans": [
                    {"start": s.start, "end": s.end, "label": s.label, "confidence": s.confidence}
                    for s in proposed]}]}, ensure_ascii=False) + "\n")
    click.echo(f"wrote {output_path}: {spans} suggestion(s) on {texts} text(s) by {model.name}")


@suggest_group.command("evaluate")
@click.argument("project")
@click.option("--release", "release_name", required=True)
@click.option("--folds", type=click.IntRange(min=2), default=5, show_default=True)
@click.option("--json", "as_json", is_flag=True)
def evaluate_command(project: str, release_name: str, folds: int, as_json: bool) -> None:
    """Cross-validated precision, recall and F1 per label (exact and overlap), beside the annotators' agreement."""
    report = evaluate_suggester(session(), project=require_project(session(), project), release_name=release_name,
                                folds=folds)
    if as_json:
        click.echo(json.dumps(report, indent=2))
        return
    leak = report["shared_sentences"]
    click.echo(f"release {report['release']}: {report['texts']} texts in {report['groups']} group(s), "
               f"{report['folds']}-fold cross-validation {report['split']}; "
               f"annotators: {', '.join(report['annotators']) or 'none'}")
    click.echo(f"held-out sentences also in a training fold: {leak['also_in_training']} of {leak['held_out']}"
               + ("" if not leak["also_in_training"] else " (the model's figures are inflated by them)"))
    header = f"{'label':<20} {'who':<11} {'P exact':>8} {'R exact':>8} {'F1 exact':>9} {'P overl':>8} " \
             f"{'R overl':>8} {'F1 overl':>9}"
    click.echo(header)
    for label, entry in report["labels"].items():
        for who in ("model", "rules"):
            e, o = entry[who]["exact"], entry[who]["overlap"]
            click.echo(f"{label:<20} {who:<11} {_f(e['precision']):>8} {_f(e['recall']):>8} {_f(e['f1']):>9} "
                       f"{_f(o['precision']):>8} {_f(o['recall']):>8} {_f(o['f1']):>9}")
        human = entry["annotators"]
        click.echo(f"{label:<20} {'annotators':<11} {'':>8} {'':>8} {_f(human['exact']):>9} {'':>8} {'':>8} "
                   f"{_f(human['overlap']):>9}")


def _f(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"
