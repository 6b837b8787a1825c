"""The hf export loads with Hugging Face datasets, offline, and its BIO tags decode back to the gold spans."""
import hashlib
from pathlib import Path

import datasets
import pytest

from app.gold.formats import hf_tag_names, write_export
from app.gold.records import ExportContext, GoldDocument, GoldSpan

CTX = ExportContext(
    release="r1",
    schema_id="factspan-default",
    schema_version="1.0.0",
    labels=("sourced_readout", "author_inference", "unverifiable_claim"),
    bio_tags={"sourced_readout": "READOUT", "author_inference": "INFERENCE", "unverifiable_claim": "UNVERIFIABLE"},
)
TEXTS = (
    'Xi said: "We agree 👍🏽."\nPutin, cafe\u0301 中文 nods.',
    "Ushakov stated that the talks were frank. I think this matters.",
)
# Every span starts and ends on token boundaries, so BIO holds it exactly.
SPANS = (
    (GoldSpan(10, 22, "sourced_readout"), GoldSpan(22, 36, "author_inference"), GoldSpan(37, 39, "unverifiable_claim")),
    (GoldSpan(20, 41, "sourced_readout"), GoldSpan(42, 63, "author_inference")),
)
DOCS = tuple(
    GoldDocument(f"t{i}", text, hashlib.sha256(text.encode("utf-8")).hexdigest(), spans)
    for i, (text, spans) in enumerate(zip(TEXTS, SPANS))
)


def decode(tags: list[int], offsets: list[list[int]], names: list[str]) -> list[tuple[int, int, str]]:
    """Gold-style (start, end, tag stem) spans from BIO tag ids and token offsets."""
    spans: list[list] = []
    for tag, (start, end) in zip(tags, offsets):
        name = names[tag]
        if name.startswith("B-"):
            spans.append([start, end, name[2:]])
        elif name.startswith("I-"):
            assert spans and spans[-1][2] == name[2:], "I- tag without its B-"
            spans[-1][1] = end
    return [tuple(span) for span in spans]


@pytest.fixture
def loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(datasets.config, "HF_HUB_OFFLINE", True)
    path = tmp_path / "gold.hf.jsonl"
    with path.open("wb") as out:
        write_export("hf", iter(DOCS), out, CTX)
    return datasets.load_dataset("json", data_files=str(path), split="train", cache_dir=str(tmp_path / "cache"))


def test_hf_export_loads_with_datasets(loaded) -> None:
    assert loaded.num_rows == 2
    assert set(loaded.column_names) == {"id", "tokens", "ner_tags", "token_offsets"}
    assert loaded[0]["tokens"][:4] == ["Xi", "said", ":", '"']


# The inference crosses the line break after '"', so each sentence's part of it begins with B-.
DECODED = (
    [(10, 22, "READOUT"), (22, 23, "INFERENCE"), (24, 36, "INFERENCE"), (37, 39, "UNVERIFIABLE")],
    [(20, 41, "READOUT"), (42, 63, "INFERENCE")],
)


def test_ner_tags_decode_back_to_the_gold_spans_cut_at_sentences(loaded) -> None:
    names = hf_tag_names(CTX)
    for row, expected in zip(loaded, DECODED):
        assert decode(row["ner_tags"], row["token_offsets"], names) == expected


def test_ner_tags_cast_to_class_labels(loaded) -> None:
    features = loaded.features.copy()
    features["ner_tags"] = datasets.List(datasets.ClassLabel(names=hf_tag_names(CTX)))
    typed = loaded.cast(features)
    tag_names = typed.features["ner_tags"].feature.names
    assert [tag_names[t] for t in typed[1]["ner_tags"]][3:5] == ["B-READOUT", "I-READOUT"]
