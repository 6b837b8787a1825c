"""Server-rendered SVG charts for agreement reports: pure, stdlib only, readable without colour."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from xml.sax.saxutils import escape

# 14 px in the SVG stays above 12 px on screen when a chart shrinks to fit its card.
FONT = 'font-family="sans-serif" font-size="14"'
DEFAULT_BAR = "#4a78b0"
# A diagonal hatch marks negative bars and a dotted outline marks undefined ones, so no meaning
# rests on hue alone.
DEFS = (
    '<defs><pattern id="{id}" width="6" height="6" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(45)"><rect width="6" height="6" fill="#f0c0a0"/>'
    '<line x1="0" y1="0" x2="0" y2="6" stroke="#803010" stroke-width="2"/></pattern></defs>'
)


def _hatch_id(title: str) -> str:
    """One pattern id per chart, so several charts inlined in one page keep ids unique."""
    return "hatch-" + hashlib.sha1(title.encode("utf-8")).hexdigest()[:10]


def _text(value: str) -> str:
    return escape(value, {'"': "&quot;"})


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{_text(title)}">'
        f"<title>{_text(title)}</title>{DEFS.format(id=_hatch_id(title))}"
        f'<text x="8" y="18" {FONT} font-weight="bold">{_text(title)}</text>'
    )
    return head + "".join(body) + "</svg>"


def _number(value: float) -> str:
    return f"{value:.3f}"


def bar_chart(items: Sequence[tuple[str, float | None]], *, title: str, max_value: float = 1.0,
              colors: Sequence[str | None] | None = None) -> str:
    """Horizontal bars with printed values; a zero axis and domain [-1, 1] when any value is negative.

    `colors` gives each bar a fill (e.g. its label's colour); the value is printed either way.
    """
    label_width, bar_width, row = 170, 300, 28
    negative = any(v is not None and v < 0 for _, v in items)
    top = max([max_value, *(abs(v) for _, v in items if v is not None)])
    top = top if top > 0 else 1.0
    low = -max(1.0, top) if negative else 0.0
    high = max(1.0, top) if negative else top
    scale = bar_width / (high - low)
    zero_x = label_width + (0 - low) * scale
    height = 40 + row * len(items) + 10
    body = []
    for i, (label, value) in enumerate(items):
        y = 32 + i * row
        body.append(f'<text x="{label_width - 6}" y="{y + 17}" text-anchor="end" {FONT}>{_text(label)}</text>')
        if value is None:
            body.append(
                f'<rect x="{zero_x:.1f}" y="{y + 3}" width="{bar_width * 0.25:.1f}" height="20" fill="none" '
                f'stroke="#555" stroke-dasharray="3 3"/>'
                f'<text x="{zero_x + 6:.1f}" y="{y + 17}" {FONT} font-style="italic">undefined</text>'
            )
            continue
        x0 = min(zero_x, zero_x + value * scale)
        color = (colors[i] if colors and i < len(colors) else None) or DEFAULT_BAR
        fill = f'fill="url(#{_hatch_id(title)})"' if value < 0 else f'fill="{_text(color)}"'
        width = abs(value) * scale
        body.append(f'<rect x="{x0:.1f}" y="{y + 3}" width="{width:.1f}" height="20" {fill} stroke="#222"/>')
        anchor_x = zero_x + value * scale + (4 if value >= 0 else -4)
        anchor = "start" if value >= 0 else "end"
        body.append(f'<text x="{anchor_x:.1f}" y="{y + 17}" text-anchor="{anchor}" {FONT}>{_number(value)}</text>')
    axis_bottom = 32 + row * len(items)
    body.append(f'<line x1="{zero_x:.1f}" y1="28" x2="{zero_x:.1f}" y2="{axis_bottom}" stroke="#000"/>')
    for tick in ([low, 0.0, high] if negative else [0.0, high]):
        x = label_width + (tick - low) * scale
        body.append(f'<text x="{x:.1f}" y="{axis_bottom + 16}" text-anchor="middle" {FONT}>{tick:g}</text>')
    return _svg(label_width + bar_width + 70, height + 14, title, body)


def _matrix(rows: Sequence[str], cols: Sequence[str], cells: Sequence[Sequence[str]], shades, title: str) -> str:
    # Column labels are rotated 45 degrees, so they reach up and to the right by about 6 px per
    # character (14 px sans-serif); the margins grow with the longest one so none is clipped.
    reach = int(max((len(name) for name in cols), default=0) * 6)
    left = max(100, int(max((len(name) for name in rows), default=0) * 8) + 16)
    cell, top = 64, max(120, reach + 40)
    right = max(20, reach - cell // 2 + 12)
    body = []
    for j, name in enumerate(cols):
        x = left + j * cell + cell / 2
        body.append(f'<text x="{x:.1f}" y="{top - 8}" text-anchor="start" transform="rotate(-45 {x:.1f} {top - 8})" '
                    f"{FONT}>{_text(name)}</text>")
    for i, name in enumerate(rows):
        y = top + i * cell
        body.append(f'<text x="{left - 6}" y="{y + cell / 2 + 4:.1f}" text-anchor="end" {FONT}>{_text(name)}</text>')
        for j, text in enumerate(cells[i]):
            x = left + j * cell
            shade = shades[i][j]
            fill = "#fff" if shade is None else f"rgb({int(255 - 150 * shade)},{int(255 - 110 * shade)},255)"
            dash = ' stroke-dasharray="3 3"' if shade is None else ""
            body.append(f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" fill="{fill}" stroke="#444"{dash}/>'
                        f'<text x="{x + cell / 2:.1f}" y="{y + cell / 2 + 4:.1f}" text-anchor="middle" {FONT}>'
                        f"{_text(text)}</text>")
    return _svg(left + cell * len(cols) + right, top + cell * len(rows) + 20, title, body)


def heatmap(row_labels: Sequence[str], col_labels: Sequence[str], values: Sequence[Sequence[float | None]], *,
            title: str) -> str:
    """Annotator-pair matrix with the value printed in every cell ("n/a" when undefined)."""
    cells = [["n/a" if v is None else _number(v) for v in row] for row in values]
    shades = [[None if v is None else min(1.0, max(0.0, (v + 1) / 2)) for v in row] for row in values]
    return _matrix(row_labels, col_labels, cells, shades, title)


def confusion_matrix_svg(values: Sequence[str], counts: Sequence[Sequence[int]], *, title: str) -> str:
    """Value-by-value counts with every count printed; shading grows with the count."""
    peak = max((c for row in counts for c in row), default=0) or 1
    cells = [[str(c) for c in row] for row in counts]
    shades = [[c / peak for c in row] for row in counts]
    return _matrix(values, values, cells, shades, title)
