"""The README that goes with an export: what the file holds and how to read its offsets and tags (pure)."""
from app.gold.formats_bio import hf_tag_names
from app.gold.records import OFFSET_UNIT, ExportContext

_WHAT = {
    "jsonl": "One JSON object per text: `id`, `text`, `spans` ([{start, end, label, attributes, provenance}]) and "
             "`meta`.",
    "hf": "One JSON object per text for Hugging Face token classification: `id`, `tokens`, `ner_tags` (ids of "
          "the tag names below) and `token_offsets` ([start, end] of each token).",
    "spacy": "One JSON object per text with `tokens` and the spans under `spans` (spaCy's span-categorisation "
             "key shown below); the CLI also writes a `.spacy` DocBin when spaCy is installed.",
    "brat": "A zip of `<id>.txt` / `<id>.ann` pairs in brat standoff format, with `annotation.conf` declaring "
            "every label and every attribute of the annotation schema.",
    "conll": "One token per line: token, start, end, BIO tag (tab-separated); a blank line ends each sentence "
             "and `# text_id = …` starts each text.",
    "csv": "One row per span: text id, start, end, label, the span's text and its attributes as JSON.",
}
_SENTENCES = (
    "Sentences are split by factspan's span rules (app/annotations/textrules.py): at a line break; after . ! ? … "
    "before a capital, a digit, an opening quote or a letter of a script without case, unless the period ends an "
    "abbreviation; and after 。！？. A span may cross a sentence when its schema allows it "
    "(`span_rules.allow_cross_sentence`); **each sentence's part of such a span begins with B-**, so readers that "
    "reset at sentence boundaries see a whole entity in every sentence instead of one that starts with I-."
)


def export_readme(fmt: str, ctx: ExportContext) -> str:
    """Markdown describing an export of release `ctx.release` in format `fmt`."""
    lines = [
        f"# factspan gold export: release {ctx.release}, format {fmt}",
        "",
        _WHAT[fmt],
        "",
        f"- Annotation schema: {ctx.schema_id} {ctx.schema_version}.",
        f"- Offsets are {OFFSET_UNIT}s into the text (Python `text[start:end]`), half-open.",
        "- Labels: " + ", ".join(f"`{label}` ({ctx.tag_stem(label)})" for label in ctx.labels) + ".",
    ]
    if fmt == "spacy":
        lines.append(f"- spaCy spans key: `{ctx.spans_key}`.")
    if fmt in ("hf", "conll"):
        lines += [
            "- Tag names, in `ner_tags` id order: " + ", ".join(f"`{name}`" for name in hf_tag_names(ctx)) + ".",
            "- A token partly inside a span is tagged as inside it. Where gold spans overlap (BIO cannot hold "
            "both), the later span keeps only its tokens after the earlier one.",
            "",
            "## Sentences",
            "",
            _SENTENCES,
        ]
    return "\n".join(lines) + "\n"
