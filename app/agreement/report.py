"""Plain-text rendering of an agreement report for the command line."""

from __future__ import annotations

HEADLINE = (
    ("char_alpha_nominal", "Krippendorff alpha, characters"),
    ("token_alpha_nominal", "Krippendorff alpha, tokens"),
    ("char_alpha_nominal_doc_mean", "alpha per document (mean), characters"),
    ("token_alpha_nominal_doc_mean", "alpha per document (mean), tokens"),
    ("char_cohen_kappa_mean", "Cohen kappa (pair mean), characters"),
    ("token_cohen_kappa_mean", "Cohen kappa (pair mean), tokens"),
    ("char_fleiss_kappa", "Fleiss kappa, characters"),
    ("token_fleiss_kappa", "Fleiss kappa, tokens"),
    ("span_f1_exact_mean", "span F1 exact (pair mean)"),
    ("span_f1_overlap_mean", "span F1 overlap (pair mean)"),
)
PAIR_COLUMNS = (
    ("char_cohen_kappa_pairs", "kappa char"),
    ("token_cohen_kappa_pairs", "kappa token"),
    ("span_f1_exact_pairs", "F1 exact"),
    ("span_f1_overlap_pairs", "F1 overlap"),
)
LABEL_COLUMNS = (
    ("span_f1_exact_mean", "F1 exact"),
    ("span_f1_overlap_mean", "F1 overlap"),
    ("char_alpha_binary", "alpha char"),
)


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _grid(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    line = "  ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(header, widths)))
    out = [line, "-" * len(line)]
    for row in rows:
        out.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))))
    return out


def render_table(report: dict) -> str:
    """Headline metrics, per-pair and per-label tables, and the reasons of undefined values."""
    units = report.get("units", {})
    lines = [
        f"{report.get('documents', 0)} documents, annotators: {', '.join(report.get('annotators', [])) or '-'}, "
        f"labels: {', '.join(report.get('labels', [])) or '-'}",
        f"units: {units.get('char', 0)} characters, {units.get('token', 0)} tokens",
        "",
    ]
    unitized = report.get("alpha_unitized", {})
    headline = [[name, _fmt(report.get(key))] for key, name in HEADLINE]
    headline.append(["unitizing alpha (alpha_U)", _fmt(unitized.get("overall"))])
    boot = report.get("bootstrap") or {}
    for key in ("char_alpha_nominal", "span_f1_overlap_mean"):
        if boot.get(key):
            low, high = boot[key]
            headline.append([f"95% bootstrap interval, {key}", f"[{low:.3f}, {high:.3f}]"])
    lines += _grid(["metric", "value"], headline)
    pairs = sorted(report.get("span_f1_overlap_pairs", {}))
    if pairs:
        rows = [[pair] + [_fmt(report.get(key, {}).get(pair)) for key, _ in PAIR_COLUMNS] for pair in pairs]
        lines += ["", *_grid(["pair"] + [name for _, name in PAIR_COLUMNS], rows)]
    per_label = report.get("per_label", {})
    if per_label:
        rows = [
            [label] + [_fmt(per_label[label].get(key)) for key, _ in LABEL_COLUMNS]
            + [_fmt(unitized.get("per_label", {}).get(label))]
            for label in sorted(per_label)
        ]
        lines += ["", *_grid(["label"] + [name for _, name in LABEL_COLUMNS] + ["alpha_U"], rows)]
    bvl = report.get("boundary_vs_label") or {}
    if bvl.get("pairs"):
        lines += ["", f"overlapping span pairs: {bvl['pairs']}; same label, other boundaries: "
                  f"{_fmt(bvl.get('same_label_different_boundaries'))}; same boundaries, other label: "
                  f"{_fmt(bvl.get('same_boundaries_different_labels'))}"]
    undefined = report.get("undefined", {})
    if undefined:
        lines += ["", "undefined:"] + [f"  {key}: {reason}" for key, reason in sorted(undefined.items())]
    return "\n".join(lines) + "\n"
