"""Build Label Studio, doccano and brat files from code-point spans, counting offsets in any unit."""
import json
from pathlib import Path

from app.annotations.offsets import codepoint_to_utf16

# An emoji, a ZWJ family, a flag and an accented word before the first span: code points, UTF-16
# units and UTF-8 bytes all disagree from here on.
TRICKY_TEXT = ("👍 👩‍👩‍👧 🇫🇷 Café report. Xi said the talks were frank.\n"
               "I think the partnership will deepen. They also discussed Cuba.")
# (start, end, their label, per-region attributes) in code points.
TRICKY_SPANS = [
    (TRICKY_TEXT.index("Xi said"), TRICKY_TEXT.index(" frank.") + 6, "Readout", {"source": ["Russian readout"]}),
    (TRICKY_TEXT.index("I think"), TRICKY_TEXT.index("deepen") + 6, "Inference", {}),
    (TRICKY_TEXT.index("They also"), len(TRICKY_TEXT) - 1, "Unverifiable", {}),
]


def in_unit(text: str, offset: int, unit: str) -> int:
    if unit == "utf16":
        return codepoint_to_utf16(text, offset)
    if unit == "utf8":
        return len(text[:offset].encode("utf-8"))
    return offset


def labelstudio_task(text: str, spans, unit: str, *, annotators=("anna@example.org",), with_text=True,
                     predictions=()) -> dict:
    def results(chosen):
        out = []
        for number, (start, end, label, attributes) in enumerate(chosen):
            value = {"start": in_unit(text, start, unit), "end": in_unit(text, end, unit), "labels": [label]}
            if with_text:
                value["text"] = text[start:end]
            region = f"r{number}"
            out.append({"id": region, "from_name": "label", "to_name": "text", "type": "labels", "value": value})
            for name, choices in attributes.items():
                out.append({"id": region, "from_name": name, "to_name": "text", "type": "choices",
                            "value": {"start": value["start"], "end": value["end"], "choices": choices}})
        return out

    return {
        "id": 7, "data": {"text": text},
        "annotations": [{"id": n, "completed_by": {"id": n, "email": who}, "result": results(spans),
                         "was_cancelled": False, "ground_truth": False} for n, who in enumerate(annotators, 1)],
        "predictions": [{"model_version": name, "score": 0.5, "result": results(chosen)} for name, chosen in predictions],
    }


def doccano_line(text: str, spans, unit: str) -> str:
    return json.dumps({"id": 3, "text": text, "label": [[in_unit(text, s, unit), in_unit(text, e, unit), label]
                                                        for s, e, label, _ in spans]}, ensure_ascii=False)


def write_brat(folder: Path, stem: str, text: str, spans, unit: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{stem}.txt").write_text(text, encoding="utf-8", newline="")
    lines = []
    attribute_number = 0
    for number, (start, end, label, attributes) in enumerate(spans, start=1):
        lines.append(f"T{number}\t{label} {in_unit(text, start, unit)} {in_unit(text, end, unit)}\t{text[start:end]}")
        for name, values in attributes.items():
            attribute_number += 1
            lines.append(f"A{attribute_number}\t{name} T{number} {values[0].replace(' ', '_')}")
    (folder / f"{stem}.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")


MAPPING_YAML = """
labels:
  Readout: sourced_readout
  Inference: author_inference
  Unverifiable: unverifiable_claim
attributes:
  source:
    attribute: source
    values: {Russian readout: russian_readout, Russian_readout: russian_readout}
"""
