"""Suggesters as objects: the rules, or a tagger file with a sidecar holding the schema it was trained for."""
from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

from app.suggestions.crf import CrfSuggester
from app.suggestions.decoding import ProposedSpan
from app.suggestions.rules import RuleSuggester


class Suggesting(Protocol):
    name: str

    def suggest(self, text: str) -> tuple[list[ProposedSpan], float]: ...


def sidecar(model_path: Path) -> Path:
    return model_path.with_suffix(".json")


def write_sidecar(model_path: Path, *, name: str, schema_document: Mapping[str, Any], metrics: Mapping) -> str:
    """Keep the schema beside the model, so `suggest predict --model FILE` needs no database; returns the sha256."""
    sidecar(model_path).write_text(json.dumps({"name": name, "schema": schema_document, "metrics": metrics},
                                              ensure_ascii=False), encoding="utf-8")
    return hashlib.sha256(model_path.read_bytes()).hexdigest()


def open_model(model_path: Path) -> CrfSuggester:
    """:raises FileNotFoundError: the model or its sidecar is missing."""
    info = json.loads(sidecar(model_path).read_text(encoding="utf-8"))
    return CrfSuggester(model_path, info["schema"], name=info["name"])


def rules(schema_document: Mapping[str, Any]) -> RuleSuggester:
    return RuleSuggester(schema_document)
