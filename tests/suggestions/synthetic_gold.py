"""Gold texts made from the seed and seeded variations of it, with simulated annotators beside the gold.

A variation keeps the seed's structure (author paragraphs, readout sections with their introduction and
headed paragraphs) but samples and reorders the blocks and swaps names, places, dates, hedges and
reporting verbs, so spans move and words change while the guidelines' signal stays. No third-party text.

    python -m tests.suggestions.synthetic_gold --texts 200 --out gold.jsonl [--annotators annotators.jsonl]

writes gold (`import-annotations --as-gold` reads it) and, optionally, three simulated annotators per text
(each drops, trims or relabels some gold spans) for the human agreement to compare the model with.
"""
from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

from app.texts.readers import sha256_text
from tests.suggestions.seed_gold import SEED_GOLD

SEED_PATH = Path(__file__).resolve().parents[2] / "seed_texts" / "putin_xi_call_2026-02-04.txt"
SWAPS = {
    "Putin": ["Putin", "Medvedev", "Lavrov", "Mishustin"],
    "Xi": ["Xi", "Li", "Wang", "Zhao"],
    "Ushakov": ["Ushakov", "Peskov", "Zakharova"],
    "Trump": ["Trump", "Biden", "Vance"],
    "Cuba": ["Cuba", "Nicaragua", "Bolivia"],
    "Iran": ["Iran", "Syria", "Myanmar"],
    "February 4": ["February 4", "March 12", "June 21", "October 9"],
    "2026": ["2026", "2025", "2027"],
    "I think": ["I think", "I believe", "In my view,"],
    "I am sure": ["I am sure", "I am certain", "I have no doubt"],
    "stated": ["stated", "said", "confirmed"],
    "emphasized": ["emphasized", "stressed", "underlined"],
    "should": ["should", "ought to", "must"],
}
LABELS = ("sourced_readout", "author_inference", "unverifiable_claim")
# The same content under different voices, so a tagger must read cues rather than remember sentences.
CONTENT = ["the two sides would expand energy trade", "the partnership was not directed against third parties",
           "joint exercises would continue next year", "sanctions had failed to slow bilateral trade",
           "the talks covered security in the Pacific", "both countries opposed unilateral pressure"]
VOICES = [
    ("{official} said that ", "sourced_readout", {"source": "other_official", "quote": "paraphrase"}),
    ("According to the readout, ", "sourced_readout", {"source": "unclear", "quote": "paraphrase"}),
    ("", "author_inference", {"inference_type": "speculation", "cue": "I suspect"}, "I suspect that "),
    ("", "author_inference", {"inference_type": "evaluation_prediction"}, "Clearly, "),
    ("", "unverifiable_claim", {"reason": "private_or_undisclosed", "check_worthiness": "medium"},
     "Behind closed doors, "),
]
OFFICIALS = ["Peskov", "the foreign ministry", "Ushakov", "a Kremlin spokesman"]


def seed_segments(text: str) -> list[list[tuple[str, dict | None]]]:
    """The seed's paragraphs, each a list of (piece, gold span or None) that concatenate to the paragraph."""
    spans = sorted((_nth(text, phrase, occurrence), _nth(text, phrase, occurrence) + len(phrase),
                    {"label": label, "attributes": attributes}) for phrase, label, attributes, occurrence in SEED_GOLD)
    paragraphs, position = [], 0
    for line in text.split("\n"):
        end = position + len(line)
        pieces, cursor = [], position
        for start, stop, span in spans:
            if start >= position and stop <= end:
                pieces += [(text[cursor:start], None), (text[start:stop], span)]
                cursor = stop
        pieces.append((text[cursor:end], None))
        paragraphs.append([p for p in pieces if p[0]])
        position = end + 1
    return [p for p in paragraphs if p]


def _blocks(paragraphs):
    """Author paragraphs alone; a readout section is its introduction with the headed paragraphs after it."""
    blocks, heading = [], re.compile(r"^[A-Z][\w’/&\- ]{0,60}:\s")
    for paragraph in paragraphs:
        first = paragraph[0][0]
        if heading.match(first) and blocks and blocks[-1][0] == "section":
            blocks[-1][1].append(paragraph)
        else:
            kind = "section" if "readout" in "".join(p for p, _ in paragraph).lower() else "author"
            blocks.append([kind, [paragraph]])
    return blocks


def variation(paragraphs, rng: random.Random, number: int, max_blocks: int | None = None) -> dict:
    """One synthetic text with its gold spans; `max_blocks` keeps it short (a few paragraphs)."""
    swaps = {seed: rng.choice(options) for seed, options in SWAPS.items()}
    pattern = re.compile("|".join(rf"\b{re.escape(k)}\b" for k in sorted(swaps, key=len, reverse=True)))
    blocks = _blocks(paragraphs)
    chosen = [b for b in blocks if rng.random() < 0.75] or blocks[:1]
    rng.shuffle(chosen)
    chosen = chosen[:max_blocks]
    text_parts, spans, offset = [], [], 0
    for _ in range(rng.randint(1, 3)):
        chosen.insert(rng.randrange(len(chosen) + 1), ["author", [_voiced_sentence(rng)]])
    for kind, members in chosen:
        kept = members if kind == "author" else members[:1] + [m for m in members[1:] if rng.random() < 0.8]
        for paragraph in kept:
            for piece, span in paragraph:
                piece = pattern.sub(lambda m: swaps[m.group()], piece)
                if span is not None:
                    spans.append({"start": offset, "end": offset + len(piece), **span})
                text_parts.append(piece)
                offset += len(piece)
            text_parts.append("\n")
            offset += 1
    return {"id": f"synthetic-{number}", "text": "".join(text_parts), "spans": spans}


def _voiced_sentence(rng: random.Random) -> list[tuple[str, dict | None]]:
    """One template paragraph: a frame (left out of the span) or a cue (kept in it) and some content."""
    frame, label, attributes, *cue = rng.choice(VOICES)
    content = rng.choice(CONTENT)
    if cue:
        return [(cue[0] + content, {"label": label, "attributes": attributes}), (".", None)]
    return [(frame.format(official=rng.choice(OFFICIALS)), None),
            (content, {"label": label, "attributes": attributes}), (".", None)]


def simulated_annotator(gold: dict, rng: random.Random, name: str) -> dict:
    """A careful but human annotator: misses some spans, trims some ends, picks another label now and then."""
    spans = []
    for span in gold["spans"]:
        roll = rng.random()
        if roll < 0.08:
            continue
        start, end, label = span["start"], span["end"], span["label"]
        if roll < 0.2:
            cut = gold["text"].rfind(" ", start, end)
            end = cut if cut > start else end
        elif roll < 0.27:
            label = rng.choice([other for other in LABELS if other != label])
        spans.append({"start": start, "end": end, "label": label, "attributes": {}})
    return {"annotator": name, "spans": spans}


def generate(count: int, seed: int = 13, include_seed: bool = True, max_blocks: int | None = None) -> list[dict]:
    text = SEED_PATH.read_text(encoding="utf-8")
    paragraphs = seed_segments(text)
    rng = random.Random(seed)
    out = []
    if include_seed:
        out.append({"id": "seed", "text": text, "spans": [
            {"start": _nth(text, p, o), "end": _nth(text, p, o) + len(p), "label": label, "attributes": attributes}
            for p, label, attributes, o in SEED_GOLD]})
    out += [variation(paragraphs, rng, n, max_blocks) for n in range(count - len(out))]
    return out


def _nth(text: str, phrase: str, occurrence: int) -> int:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(phrase, start + 1)
    return start


def gold_line(document: dict) -> str:
    return json.dumps({"id": document["id"], "text": document["text"], "sha256": sha256_text(document["text"]),
                       "spans": document["spans"],
                       "meta": {"synthetic": document["id"] != "seed"}}, ensure_ascii=False)


def annotators_line(document: dict, rng: random.Random, names=("sim_a", "sim_b", "sim_c")) -> str:
    return json.dumps({"id": document["id"], "text": document["text"],
                       "annotations": [simulated_annotator(document, rng, name) for name in names]},
                      ensure_ascii=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=200)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--annotators", type=Path)
    args = parser.parse_args()
    documents = generate(args.texts, args.seed)
    args.out.write_text("".join(gold_line(d) + "\n" for d in documents), encoding="utf-8")
    if args.annotators:
        rng = random.Random(args.seed + 1)
        args.annotators.write_text("".join(annotators_line(d, rng) + "\n" for d in documents), encoding="utf-8")


if __name__ == "__main__":
    main()
