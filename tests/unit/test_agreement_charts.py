"""SVG charts: well-formed, numbers printed, labels escaped, no scripts."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from app.agreement.charts import bar_chart, confusion_matrix_svg, heatmap

SVG = "{http://www.w3.org/2000/svg}"


def texts(svg: str) -> list[str]:
    return [t.text or "" for t in ET.fromstring(svg).iter(f"{SVG}text")]


def test_bar_chart_prints_values_and_marks_undefined():
    svg = bar_chart([("a|b", 0.5), ("<x>&", -0.25), ("c|d", None)], title="alpha & <kappa>")
    root = ET.fromstring(svg)
    assert root.find(f"{SVG}title").text == "alpha & <kappa>"
    shown = texts(svg)
    assert {"0.500", "-0.250", "undefined", "<x>&", "-1", "0", "1"} <= set(shown)
    assert "<x>&" not in svg and "&lt;x&gt;&amp;" in svg


def test_bar_chart_without_negative_values_starts_at_zero():
    shown = texts(bar_chart([("F1", 0.75)], title="F1"))
    assert "0.750" in shown and "-1" not in shown


def test_heatmap_prints_every_cell():
    svg = heatmap(["a", "b"], ["a", "b"], [[1.0, 0.42], [0.42, None]], title="kappa")
    assert texts(svg).count("0.420") == 2 and "n/a" in texts(svg)


def test_confusion_matrix_prints_counts_and_escapes_values():
    svg = confusion_matrix_svg(["O", "<x>&"], [[7, 1], [1, 0]], title="tokens")
    shown = texts(svg)
    assert {"7", "1", "0", "<x>&"} <= set(shown)


def test_no_scripts_or_handlers():
    for svg in (bar_chart([("x", 1.0)], title="t"), heatmap(["a"], ["a"], [[None]], title="t"),
                confusion_matrix_svg(["O"], [[0]], title="t")):
        assert "<script" not in svg and " on" not in svg.replace(" onl", "")
