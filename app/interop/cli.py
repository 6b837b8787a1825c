"""`factspan import-annotations` (Label Studio, doccano, brat, JSONL) and `factspan export-annotations`."""
import sys
from pathlib import Path

import click
from flask import current_app

from app.extensions import session
from app.interop.bundles import open_path
from app.interop.exporting import count_export_entries, export_annotations
from app.interop.offsets_detect import UNITS
from app.interop.reading import IMPORT_FORMATS
from app.interop.service import ForeignImportReport, import_annotation_files, load_mapping
from app.interop.writers import EXPORT_FORMATS
from app.texts.service import require_project


@click.command("import-annotations")
@click.argument("project")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(IMPORT_FORMATS), default="jsonl", show_default=True,
              help="labelstudio: a JSON export; doccano: JSONL (one file per member, or a zip of them); "
                   "brat: a folder or zip of .txt/.ann pairs; jsonl: factspan's own.")
@click.option("--map", "map_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="YAML mapping their labels and attribute values onto the project's schema.")
@click.option("--as-gold", is_flag=True, help="Store each text's one annotation as adjudicated gold "
                                                "(jsonl: PATH is a gold export).")
@click.option("--as-suggestions", is_flag=True, help="Store every annotation as suggestions, not as anyone's work.")
@click.option("--offsets", "unit", type=click.Choice(UNITS), default=None,
              help="The unit their offsets count in; detected per text when not given.")
@click.option("--annotator", help="Who annotated files that do not say (brat pairs at the top, doccano's all.jsonl).")
def import_annotations_command(project: str, path: Path, fmt: str, map_path: Path | None, as_gold: bool,
                               as_suggestions: bool, unit: str | None, annotator: str | None) -> None:
    """Import annotations made here or in Label Studio, doccano or brat into PROJECT."""
    target = require_project(session(), project)
    mapping = load_mapping(target, map_path.read_bytes() if map_path else None)
    report = import_annotation_files(session(), project=target, fmt=fmt, bundle=open_path(path), mapping=mapping,
                                     as_gold=as_gold, as_suggestions=as_suggestions, unit=unit, annotator=annotator,
                                     max_text_chars=current_app.config["MAX_TEXT_CHARS"])
    session().commit()
    for line in report_lines(report):
        click.echo(line)


def report_lines(report: ForeignImportReport) -> list[str]:
    stored = report.stored
    lines = [f"documents {report.documents}: texts created {stored.texts_created}, reused {stored.texts_reused}; "
             f"annotation sets {stored.annotation_sets}; spans {stored.spans}; suggestions {report.suggestions}; "
             f"rejected {len(report.rejected)}"]
    if report.offsets:
        lines.append("offsets: " + ", ".join(f"{choice}: {count} text(s)" for choice, count in report.offsets.items()))
    lines += [f"  offsets ambiguous in {where}; read as the preferred unit" for where in report.ambiguous]
    if stored.annotators_created:
        lines.append("created inactive annotator accounts (an admin activates them): "
                     + ", ".join(stored.annotators_created))
    lines += [f"  not mapped {issue.location}: {issue.message}" for issue in report.issues]
    lines += [f"  rejected {issue.location}: {issue.message}" for issue in report.rejected]
    return lines


@click.command("export-annotations")
@click.argument("project")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="jsonl", show_default=True,
              help="jsonl: factspan's (what `agreement --input` reads); labelstudio: JSON tasks; "
                   "doccano: a zip of <annotator>.jsonl.")
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--include-drafts", is_flag=True, help="Drafts too, not only submitted annotations.")
@click.option("--as-predictions", is_flag=True, help="labelstudio: write each annotator as a prediction "
                                                       "(model_version = the annotator), to review there.")
def export_annotations_command(project: str, fmt: str, out_path: Path, include_drafts: bool,
                               as_predictions: bool) -> None:
    """Write every annotator's annotations of PROJECT (not only the gold) to a file, streaming."""
    target = require_project(session(), project)
    total = count_export_entries(session(), project=target, fmt=fmt, include_drafts=include_drafts)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with out_path.open("wb") as out, click.progressbar(length=total, label=f"Exporting {out_path.name}",
                                                        file=sys.stderr) as bar:
        stats = export_annotations(session(), project=target, fmt=fmt, out=out, include_drafts=include_drafts,
                                   as_predictions=as_predictions, on_document=lambda: bar.update(1))
    click.echo(f"wrote {out_path}: {stats.documents} " + ("annotator-text entries" if fmt == "doccano" else "text(s)"))
