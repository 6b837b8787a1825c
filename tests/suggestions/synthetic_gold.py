"""Gold texts made from the seed and seeded variations of it, with simulated annotators beside the gold.

The seed's paragraphs (those that share a sentence joined together) and the made-up filler (frames,
cues, contents and section introductions) are dealt into GROUPS disjoint groups; every text is built
from one group's material only and carries its group in `meta.group`, so `suggest evaluate` can keep a
group inside one fold and no held-out sentence is ever seen in training. A variation keeps the seed's
structure (author paragraphs, readout sections with an introduction and headed paragraphs) but samples
and reorders the blocks and swaps names, places, dates, hedges and reporting verbs. No third-party text.

    python -m tests.suggestions.synthetic_gold --texts 200 --out gold.jsonl [--annotators annotators.jsonl]

writes gold (`import-annotations --as-gold` reads it): the seed cut into its groups' parts, then
variations; and, optionally, three simulated annotators per text (each drops, trims or relabels some
gold spans) for the human agreement to compare the model with.
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
GROUPS = 5
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
OFFICIALS = ["Peskov", "the foreign ministry", "Ushakov", "a Kremlin spokesman"]
# Filler, dealt out by group (entry k belongs to group k % GROUPS): a readout frame (left out of the span),
# an inference cue and an unverifiable cue (kept in the span), and contents any of them can carry, so a
# tagger must read cues rather than remember sentences, and never meets a held-out filler in training.
READOUT_FRAMES = ["{official} said that ", "According to the readout, ", "{official} told reporters that ",
                  "{official} noted that ", "A statement from {official} confirmed that "]
INFERENCE_CUES = [("I suspect that ", "speculation"), ("Clearly, ", "evaluation_prediction"),
                  ("To my mind, ", "interpretation"), ("It seems likely that ", "speculation"),
                  ("Surely ", "evaluation_prediction")]
UNVERIFIABLE_CUES = [("Behind closed doors, ", "private_or_undisclosed"), ("Privately, ", "private_or_undisclosed"),
                     ("Insiders whisper that ", "unnamed_actors"), ("Off the record, ", "private_or_undisclosed"),
                     ("Some in Washington believe that ", "unnamed_actors")]
CONTENT = ["the two sides would expand energy trade", "the partnership was not directed against third parties",
           "joint exercises would continue next year", "sanctions had failed to slow bilateral trade",
           "the talks covered security in the Pacific", "both countries opposed unilateral pressure",
           "a new pipeline deal was close to signature", "grain shipments would double by autumn",
           "the central banks planned a shared payment link", "border crossings would open longer hours",
           "a space research centre would be built jointly", "student exchanges would grow every year",
           "the navies planned a port visit in the summer", "arms control had been left off the agenda",
           "the ministers would meet again before winter", "a joint fund for ports was under discussion",
           "the summit date had already been fixed", "visa rules for business travel would be eased",
           "the leaders disagreed on Arctic shipping", "nuclear power plants were part of the package"]
# Readout-section introductions for the groups whose part of the seed lacks the seed's own.
INTRODUCTIONS = ["{official} released the {side} readout shortly after the call ended.",
                 "Here is what the {side} readout of the call contains.",
                 "The {side} side published its readout the same evening.",
                 "A {side} readout, issued by {official}, summed up the talks.",
                 "Below are the main points of the {side} readout."]
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def dealt(items: list, group: int) -> list:
    """The entries of a filler list that belong to `group`."""
    return items[group::GROUPS]


def sentences_of(text: str) -> list[str]:
    """Sentences cut at terminal punctuation and line breaks, for the disjointness checks."""
    return [s.strip() for line in text.split("\n") for s in _SENTENCE_END.split(line) if s.strip()]


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


def paragraph_groups(paragraphs) -> list[int]:
    """Each paragraph's group: paragraphs sharing a sentence are joined, then the joined sets are dealt in turn."""
    parent = list(range(len(paragraphs)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    first_seen: dict[str, int] = {}
    for i, paragraph in enumerate(paragraphs):
        for sentence in sentences_of("".join(piece for piece, _ in paragraph)):
            parent[root(i)] = root(first_seen.setdefault(sentence, i))
    roots = sorted({root(i) for i in range(len(paragraphs))})
    return [roots.index(root(i)) % GROUPS for i in range(len(paragraphs))]


_HEADING = re.compile(r"^[A-Z][\w’/&\- ]{0,60}:\s")


def _blocks(paragraphs, groups: list[int], group: int):
    """The group's blocks: author paragraphs alone; a readout section is an introduction (the seed's, or a
    made-up one from the group's filler when the seed's belongs to another group) with the group's headed
    paragraphs after it."""
    blocks = []
    for index, paragraph in enumerate(paragraphs):
        first, mine = paragraph[0][0], groups[index] == group
        if _HEADING.match(first) and blocks and blocks[-1][0] == "section":
            if mine:
                blocks[-1][2].append(paragraph)
            continue
        whole = "".join(p for p, _ in paragraph)
        if "readout" in whole.lower():
            side = "Chinese" if "China’s" in whole or "Chinese Foreign" in whole else "Russian"
            blocks.append(["section", paragraph if mine else None, [], side])
        elif mine:
            blocks.append(["author", paragraph, [], None])
    # A section with neither the seed's introduction nor a headed paragraph of this group has nothing to show.
    return [block for block in blocks if block[1] is not None or block[2]]


def _introduction(rng: random.Random, group: int, side: str) -> list[tuple[str, dict | None]]:
    template = rng.choice(dealt(INTRODUCTIONS, group))
    sentence = template.format(side=side, official=rng.choice(OFFICIALS))
    return [(sentence[0].upper() + sentence[1:], None)]


def _assemble(chosen, rng: random.Random, group: int, swap, keep_members: float) -> tuple[str, list[dict]]:
    text_parts, spans, offset = [], [], 0
    for kind, opening, members, side in chosen:
        kept = [opening or _introduction(rng, group, side)] if kind == "section" else [opening]
        kept += [m for m in members if rng.random() < keep_members]
        for paragraph in kept:
            for piece, span in paragraph:
                piece = swap(piece)
                if span is not None:
                    spans.append({"start": offset, "end": offset + len(piece), **span})
                text_parts.append(piece)
                offset += len(piece)
            text_parts.append("\n")
            offset += 1
    return "".join(text_parts), spans


def variation(paragraphs, rng: random.Random, number: int, max_blocks: int | None = None,
              group: int | None = None) -> dict:
    """One synthetic text of one group (by default number % GROUPS) with its gold spans; `max_blocks` keeps
    it short (a few paragraphs)."""
    group = number % GROUPS if group is None else group
    swaps = {seed: rng.choice(options) for seed, options in SWAPS.items()}
    pattern = re.compile("|".join(rf"\b{re.escape(k)}\b" for k in sorted(swaps, key=len, reverse=True)))
    blocks = _blocks(paragraphs, paragraph_groups(paragraphs), group)
    chosen = [b for b in blocks if rng.random() < 0.75] or blocks[:1]
    rng.shuffle(chosen)
    chosen = chosen[:max_blocks]
    for _ in range(rng.randint(1, 3)):
        chosen.insert(rng.randrange(len(chosen) + 1), ["author", _voiced_sentence(rng, group), [], None])
    text, spans = _assemble(chosen, rng, group, lambda piece: pattern.sub(lambda m: swaps[m.group()], piece), 0.8)
    return {"id": f"synthetic-{number}", "text": text, "spans": spans, "group": f"g{group}"}


def seed_part(paragraphs, group: int) -> dict:
    """The seed's own paragraphs of one group, in the seed's order and words (sections introduced)."""
    rng = random.Random(group)
    text, spans = _assemble(_blocks(paragraphs, paragraph_groups(paragraphs), group), rng, group, str, 1.0)
    return {"id": f"seed-g{group}", "text": text, "spans": spans, "group": f"g{group}"}


def _voiced_sentence(rng: random.Random, group: int) -> list[tuple[str, dict | None]]:
    """One filler paragraph from the group's filler: a frame (left out of the span) or a cue (kept in it)."""
    content = rng.choice(dealt(CONTENT, group))
    kind = rng.choice(LABELS)
    if kind == "sourced_readout":
        frame = rng.choice(dealt(READOUT_FRAMES, group)).format(official=rng.choice(OFFICIALS))
        return [(frame, None), (content, {"label": kind, "attributes": {"source": "other_official",
                                                                        "quote": "paraphrase"}}), (".", None)]
    if kind == "author_inference":
        cue, inference_type = rng.choice(dealt(INFERENCE_CUES, group))
        attributes = {"inference_type": inference_type, "cue": cue.strip(" ,")}
    else:
        cue, reason = rng.choice(dealt(UNVERIFIABLE_CUES, group))
        attributes = {"reason": reason, "check_worthiness": "medium"}
    return [(cue + content, {"label": kind, "attributes": attributes}), (".", None)]


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


def seed_document() -> dict:
    """The whole seed with its gold (every group's material: never put it beside group-split texts)."""
    text = SEED_PATH.read_text(encoding="utf-8")
    return {"id": "seed", "text": text, "group": None, "spans": [
        {"start": _nth(text, p, o), "end": _nth(text, p, o) + len(p), "label": label, "attributes": attributes}
        for p, label, attributes, o in SEED_GOLD]}


def generate(count: int, seed: int = 13, include_seed: bool = True, max_blocks: int | None = None) -> list[dict]:
    """`count` texts: with `include_seed`, first the seed's part of each group, then variations."""
    paragraphs = seed_segments(SEED_PATH.read_text(encoding="utf-8"))
    rng = random.Random(seed)
    out = [seed_part(paragraphs, group) for group in range(GROUPS)][:count] if include_seed else []
    out += [variation(paragraphs, rng, n, max_blocks) for n in range(len(out), count)]
    return out


def _nth(text: str, phrase: str, occurrence: int) -> int:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(phrase, start + 1)
    return start


def gold_line(document: dict) -> str:
    return json.dumps({"id": document["id"], "text": document["text"], "sha256": sha256_text(document["text"]),
                       "spans": document["spans"],
                       "meta": _meta(document)}, ensure_ascii=False)


def _meta(document: dict) -> dict:
    meta = {"synthetic": not document["id"].startswith("seed")}
    if document.get("group") is not None:
        meta["group"] = document["group"]
    return meta


def annotators_line(document: dict, rng: random.Random, names=("sim_a", "sim_b", "sim_c")) -> str:
    return json.dumps({"id": document["id"], "text": document["text"], "meta": _meta(document),
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
