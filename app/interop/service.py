"""Import annotations from Label Studio, doccano, brat or factspan JSONL into a project."""
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import AppError, Invalid
from app.gold.importing import AnnotationImportReport, import_annotations, store_document
from app.gold.records import GoldDocument, GoldSpan
from app.interop.bundles import Bundle
from app.interop.mapping import LabelMapping, MappingError, Resolver, parse_mapping
from app.interop.reading import IMPORT_FORMATS, read_bundle
from app.interop.records import ImportIssue, Unreadable
from app.interop.translate import TranslatedDocument, translate_document
from app.suggestions.service import store_suggestions, suggester_named
from app.texts.models import Project, Text
from app.safe_input import InputError, decode_utf8
from app.texts.readers import DEFAULT_MAX_TEXT_CHARS, sha256_text


@dataclass
class ForeignImportReport:
    stored: AnnotationImportReport = field(default_factory=AnnotationImportReport)
    documents: int = 0
    suggestions: int = 0
    # Parts of documents left out (unmapped labels and values, bad offsets), by place in the file.
    issues: list[ImportIssue] = field(default_factory=list)
    # Whole documents not stored, by place in the file.
    rejected: list[ImportIssue] = field(default_factory=list)
    # How many texts' offsets were read in each unit and why, e.g. {"utf16 by span texts": 3}.
    offsets: Counter = field(default_factory=Counter)
    ambiguous: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "documents": self.documents, "texts_created": self.stored.texts_created,
            "texts_reused": self.stored.texts_reused, "annotators_created": self.stored.annotators_created,
            "annotation_sets": self.stored.annotation_sets, "spans": self.stored.spans,
            "suggestions": self.suggestions, "offsets": dict(self.offsets), "ambiguous_offsets": self.ambiguous,
            "not_mapped": [{"location": i.location, "message": i.message} for i in self.issues],
            "rejected": [{"location": i.location, "reason": i.message} for i in self.rejected],
        }


def load_mapping(project: Project, source: bytes | str | None) -> LabelMapping | None:
    """:raises Invalid: the mapping file is not UTF-8, is malformed or names what the schema lacks."""
    if source is None:
        return None
    try:
        text = decode_utf8(source) if isinstance(source, bytes) else source
        return parse_mapping(text, project.annotation_schema_version.document)
    except InputError as exc:
        raise Invalid(f"The mapping file cannot be used: it is {exc}", reason="bad_mapping",
                      errors={"mapping": [str(exc)]}) from exc
    except MappingError as exc:
        raise Invalid(f"The mapping file cannot be used: {exc}", reason="bad_mapping",
                      errors={"mapping": [str(exc)]}) from exc


def import_annotation_files(session: Session, *, project: Project, fmt: str, bundle: Bundle,
                            mapping: LabelMapping | None = None, as_gold: bool = False, as_suggestions: bool = False,
                            unit: str | None = None, annotator: str | None = None,
                            max_text_chars: int = DEFAULT_MAX_TEXT_CHARS,
                            on_document: Callable[[], None] | None = None) -> ForeignImportReport:
    """Read the bundle in `fmt`, translate each document onto the schema and store it (each all-or-nothing);
    `on_document` is called as each document is read.

    factspan's own JSONL, without a mapping or another purpose, is read strictly: a span that does not fit
    the schema rejects its line, and `--as-gold` reads a gold export.

    :raises Invalid: an unknown format, or both as_gold and as_suggestions.
    """
    if fmt not in IMPORT_FORMATS:
        raise Invalid(f"Unknown format '{fmt}'; use {', '.join(IMPORT_FORMATS)}.", errors={"format": ["Unknown."]})
    if as_gold and as_suggestions:
        raise Invalid("Import as gold or as suggestions, not both.", errors={"as_suggestions": ["Conflicts."]})
    if fmt == "jsonl" and mapping is None and not as_suggestions and unit in (None, "codepoint"):
        return _import_strict(session, project, bundle, as_gold, max_text_chars, on_document)
    if fmt == "jsonl" and unit is None:
        unit = "codepoint"  # the format says so; nothing to detect
    resolver = Resolver(project.annotation_schema_version.document, mapping)
    report = ForeignImportReport()
    items = read_bundle(fmt, bundle, annotator=annotator, text_field=mapping.text_field if mapping else None)
    for item in items:
        if on_document and not isinstance(item, ImportIssue):
            on_document()
        if isinstance(item, Unreadable):
            report.rejected.append(ImportIssue(item.location, item.reason))
            continue
        if isinstance(item, ImportIssue):
            report.issues.append(item)
            continue
        report.documents += 1
        translated = translate_document(item, resolver=resolver, unit=unit, as_suggestions=as_suggestions)
        report.issues.extend(translated.issues)
        if translated.detection is not None:
            report.offsets[translated.detection.summary()] += 1
            if translated.detection.ambiguous:
                report.ambiguous.append(translated.location)
        _store(session, project, translated, as_gold, report, max_text_chars)
    return report


def _import_strict(session: Session, project: Project, bundle: Bundle, as_gold: bool,
                   max_text_chars: int, on_document: Callable[[], None] | None) -> ForeignImportReport:
    report = ForeignImportReport()

    def counted(lines: Iterable[bytes]) -> Iterator[bytes]:
        for line in lines:
            if line.strip():
                report.documents += 1
                if on_document:
                    on_document()
            yield line

    for name in bundle.names():
        stored = import_annotations(session, project=project, lines=counted(bundle.lines(name)), as_gold=as_gold,
                                    max_text_chars=max_text_chars)
        report.stored.add(stored)
        report.rejected.extend(ImportIssue(f"{name}:{e.line_number}", e.reason) for e in stored.rejected)
    return report


def _store(session: Session, project: Project, translated: TranslatedDocument, as_gold: bool,
           report: ForeignImportReport, max_text_chars: int) -> None:
    record = translated.record
    document = _gold_document(record) if as_gold else record
    if isinstance(document, str):
        report.rejected.append(ImportIssue(translated.location, document))
        return
    problem = store_document(session, project=project, document=document, report=report.stored,
                             max_text_chars=max_text_chars)
    if problem is not None:
        report.rejected.append(ImportIssue(translated.location, problem))
        return
    if record["suggestions"]:
        _store_suggestions(session, project, translated, report)


def _store_suggestions(session: Session, project: Project, translated: TranslatedDocument,
                       report: ForeignImportReport) -> None:
    """Each source becomes an imported suggester; the document's suggestions are stored all-or-nothing."""
    text = session.scalars(select(Text).where(Text.project_id == project.id,
                                              Text.sha256 == sha256_text(translated.record["text"]))).one()
    savepoint = session.begin_nested()
    try:
        stored = sum(store_suggestions(session, text=text, suggester=suggester_named(
            session, project=project, name=entry["source"][:100], kind="imported"), spans=entry["spans"])
            for entry in translated.record["suggestions"])
    except AppError as exc:
        savepoint.rollback()
        report.rejected.append(ImportIssue(translated.location, f"suggestions not stored: {exc.message}"))
        return
    savepoint.commit()
    report.suggestions += stored


def _gold_document(record: dict) -> GoldDocument | str:
    """The one set of the document (or the one marked ground truth) as gold, or why there is none."""
    sets = record["annotations"]
    if len(sets) > 1:
        sets = [s for s in sets if s["ground_truth"]]
    if len(sets) != 1:
        return "as gold, a text needs exactly one annotation (or exactly one marked ground truth)"
    spans = tuple(GoldSpan(s["start"], s["end"], s["label"], s["attributes"], {"proposed_by": [sets[0]["annotator"]]})
                  for s in sets[0]["spans"])
    meta = {"title": record["title"], "text_meta": record["meta"]}
    if record["id"] is not None:
        meta["external_id"] = record["id"]
    return GoldDocument(id=record["id"] or "", text=record["text"], sha256=sha256_text(record["text"]), spans=spans,
                        meta=meta)
