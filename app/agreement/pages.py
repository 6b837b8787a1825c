"""The reviewers' agreement dashboard of a project: headline figures, charts and the weakest texts."""
from dataclasses import dataclass

from flask import Blueprint, current_app, render_template, request

from app.agreement import charts, service
from app.agreement.background import report_runs
from app.auth.access import roles_required
from app.extensions import session
from app.texts.service import require_project

blueprint = Blueprint("agreement", __name__)
DASHBOARD_BOOTSTRAP = 200
HEADLINE = (
    ("char_alpha_nominal", "Krippendorff's α", "characters"),
    ("token_alpha_nominal", "Krippendorff's α", "tokens"),
    ("char_cohen_kappa_mean", "Cohen's κ", "characters, mean over pairs"),
    ("token_cohen_kappa_mean", "Cohen's κ", "tokens, mean over pairs"),
    ("char_fleiss_kappa", "Fleiss' κ", "characters"),
    ("token_fleiss_kappa", "Fleiss' κ", "tokens"),
    ("span_f1_exact_mean", "Span F1, exact", "mean over pairs"),
    ("span_f1_overlap_mean", "Span F1, overlap", "mean over pairs"),
    ("alpha_unitized", "Unitizing α (α_U)", "span boundaries and labels"),
)
# The engine's reasons are terse; reviewers get what each means for their project.
PLAIN_REASONS = {
    "no unit has values from two annotators": "No text has work from two annotators yet, so nothing can be compared.",
    "only one value occurs among pairable units": "Everyone gave the same answer everywhere (for example, no spans "
    "at all); that is full agreement, but α cannot tell it from chance.",
    "only one value occurs": "Everyone gave the same answer everywhere, so agreement cannot be told from chance.",
    "both annotators used one and the same single value": "Both annotators gave the same single answer everywhere.",
    "no unit valued by both annotators": "These two annotators never worked on the same text.",
    "no defined value to average": "None of the values it averages is defined.",
    "needs at least two annotators": "Needs work from at least two annotators.",
    "not every annotated document has every annotator": "Fleiss' κ needs every annotator on every text, and some "
    "texts lack some annotators; use Krippendorff's α instead.",
    "no shared document": "These annotators never worked on the same text.",
    "no spans in shared documents": "No spans were marked on the texts the annotators share.",
    "no unit in a document with two annotators": "No span lies in a text that two annotators worked on.",
    "no expected disagreement": "No disagreement is expected by chance, so α_U is not defined.",
    "no overlapping span pairs": "No two annotators' spans overlap.",
    "needs at least 2 documents to resample": "No interval: intervals come from resampling texts, and one text "
    "cannot be resampled; they appear once two or more texts are compared.",
    "no resampling asked for": "No interval was asked for.",
}
# What each headline figure measures, for the definitions under the figures.
DEFINITIONS = (
    ("Krippendorff's α", "Agreement on the label of every character (or token), corrected for chance: 1 is "
     "perfect, 0 is what chance gives, below 0 worse than chance. Unlabelled text counts as the value O."),
    ("Cohen's κ", "The same chance-corrected agreement for each pair of annotators, averaged over pairs."),
    ("Fleiss' κ", "Chance-corrected agreement of all annotators at once; needs every annotator on every text."),
    ("Span F1, exact", "How well two annotators' spans match when start, end and label must all be equal "
     "(1 = the same spans), averaged over pairs."),
    ("Span F1, overlap", "The same, counting two spans as a match when they share a character and the label."),
    ("Unitizing α (α_U)", "Krippendorff's α for spans as units: it weighs where boundaries fall as well as labels."),
    ("O (in the confusion table)", "Outside every span: the token was left unlabelled."),
)


@dataclass(frozen=True)
class Figure:
    key: str
    name: str
    detail: str
    value: float | None
    interval: list[float] | None
    reason: str | None
    primary: bool = False


def plain_reason(reason: str | None) -> str | None:
    return PLAIN_REASONS.get(reason, reason) if reason else None


def headline_figures(report: dict) -> list[Figure]:
    """The headline figures, the schema's primary one first."""
    undefined, boot = report.get("undefined", {}), report.get("bootstrap") or {}
    primary = (report.get("primary") or {}).get("metric")
    figures = []
    for key, name, detail in HEADLINE:
        if key == "alpha_unitized":
            value, reason = report["alpha_unitized"]["overall"], undefined.get("alpha_unitized.overall")
        else:
            value, reason = report.get(key), undefined.get(key)
        figures.append(Figure(key, name, detail, value, boot.get(key), plain_reason(reason) if value is None else None,
                              primary=key == primary))
    return sorted(figures, key=lambda f: not f.primary)


def _pair_matrix(annotators: list[str], pairs: dict) -> list[list[float | None]]:
    """Symmetric annotator matrix from "a|b" keys; the diagonal stays empty."""
    def value(a: str, b: str) -> float | None:
        return None if a == b else pairs.get(f"{a}|{b}", pairs.get(f"{b}|{a}"))

    return [[value(a, b) for b in annotators] for a in annotators]


def dashboard_charts(report: dict, schema_labels: list[dict]) -> dict[str, str]:
    """Server-rendered SVGs with label names and colours; charts.py escapes every label."""
    annotators, labels = report["annotators"], report["labels"]
    per_label, unitized = report["per_label"], report["alpha_unitized"]["per_label"]
    bvl = report["boundary_vs_label"]
    by_id = {label["id"]: label for label in schema_labels}
    names = [by_id.get(label, {}).get("name", label) for label in labels]
    colors = [by_id.get(label, {}).get("color") for label in labels]
    mode = (report.get("primary") or {}).get("match_mode", "overlap")

    def by_label(values: list[float | None], title: str) -> str:
        return charts.bar_chart(list(zip(names, values)), title=title, colors=colors)

    result = {
        "label_f1": by_label([per_label[label][f"span_f1_{mode}_mean"] for label in labels],
                             f"Span F1 ({mode}) by label"),
        "label_alpha": by_label([per_label[label]["char_alpha_binary"] for label in labels],
                                "α, this label vs the rest (characters)"),
        "label_alpha_u": by_label([unitized.get(label) for label in labels], "Unitizing α (α_U) by label"),
        "pairs_kappa": charts.heatmap(annotators, annotators,
                                      _pair_matrix(annotators, report["char_cohen_kappa_pairs"]),
                                      title="Cohen's κ by pair (characters)"),
        "pairs_f1": charts.heatmap(annotators, annotators, _pair_matrix(annotators, report[f"span_f1_{mode}_pairs"]),
                                   title=f"Span F1 ({mode}) by pair"),
        "boundary": charts.bar_chart([
            ("same label, other bounds", bvl["same_label_different_boundaries"]),
            ("same bounds, other label", bvl["same_boundaries_different_labels"]),
        ], title=f"Overlapping span pairs ({bvl['pairs']}): what differs"),
    }
    confusion = report["confusion_matrix"]
    if confusion["values"]:
        values = [by_id[v]["name"] if v in by_id else ("O (no label)" if v == "O" else v) for v in confusion["values"]]
        result["confusion"] = charts.confusion_matrix_svg(values, confusion["counts"],
                                                          title="Token confusion (annotator pairs, both orders)")
    return result


def routing_note(routing: dict | None) -> str | None:
    """What routing did with a text, in words for the texts list."""
    if not routing:
        return None
    value = "undefined" if routing.get("value") is None else f"{routing['value']:.3f}"
    sent = ", ".join(routing.get("sent_to", []))
    if routing.get("action") == "flag":
        return f"flagged: below threshold ({routing['metric']} {value} < {routing['threshold']:g})"
    if routing.get("action") == "add_annotator":
        return f"sent to {sent} ({routing['metric']} {value} < {routing['threshold']:g})"
    return f"sent to {sent}; now {value}, at or above the threshold" if sent else None


@blueprint.get("/projects/<int:project_id>/agreement")
@roles_required("reviewer", "editor")
def dashboard(project_id: int):
    """The report computed now for a small project; for a large one, the newest report a job computed."""
    project = require_project(session(), project_id)
    include_drafts = request.args.get("include_drafts") == "1"
    label = request.args.get("label") or None
    if label:
        service.check_filters(session(), project, labels=[label])
    sets = service.count_counted_sets(session(), project=project, include_drafts=include_drafts)
    inline = sets <= current_app.config["AGREEMENT_INLINE_MAX_SETS"]
    runs = report_runs(session(), project_id=project.id, include_drafts=include_drafts, label=label)
    stored = None if inline else runs.latest
    if inline:
        report = service.compute_project_agreement(
            session(), project=project, bootstrap_samples=DASHBOARD_BOOTSTRAP, include_drafts=include_drafts,
            labels=[label] if label else None,
        )
    else:
        report = stored.report if stored else None
    changed = stored is not None and service.annotations_changed_since(
        session(), project=project, include_drafts=include_drafts, since=stored.started_at or stored.finished_at)
    enough = report is not None and len(report["annotators"]) >= 2
    rows = service.rank_texts(session(), report=report) if enough else []
    labels = project.annotation_schema_version.document.get("labels", [])
    return render_template(
        "agreement/dashboard.html", project=project, report=report, enough=enough,
        figures=headline_figures(report) if report else [], charts=dashboard_charts(report, labels) if enough else {},
        texts=[(row, plain_reason(row.undefined_reason), routing_note(row.routing)) for row in rows],
        schema_labels=labels, include_drafts=include_drafts, label=label, definitions=DEFINITIONS,
        interval_note=plain_reason((report.get("bootstrap") or {}).get("reason")) if report else None,
        inline=inline, sets=sets, stored=stored, changed=changed, pending=runs.pending,
    )
