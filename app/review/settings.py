"""The review section of an annotation schema document, as the desk uses it (pure)."""
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# Ranks of the check-worthiness attribute's choices follow their order in the schema (first = most).
CHECK_WORTHINESS = "check_worthiness"
UNRANKED = 99


@dataclass(frozen=True)
class Rating:
    value: str
    name: str
    description: str


@dataclass(frozen=True)
class CheckType:
    id: str
    name: str
    description: str
    compares_with_source: bool
    not_found_rating: str | None
    scale: tuple[Rating, ...]

    def rating(self, value: str) -> Rating | None:
        return next((r for r in self.scale if r.value == value), None)

    def numbers(self, value: str) -> tuple[int, int, int]:
        """(ratingValue, bestRating, worstRating): the scale is listed best first, so best = its length."""
        index = [r.value for r in self.scale].index(value)
        return len(self.scale) - index, len(self.scale), 1


@dataclass(frozen=True)
class ReviewSettings:
    source_attribute: str | None
    weak_match_below: float
    check_types: Mapping[str, CheckType]
    queued: Mapping[str, tuple[str, ...]]  # label id -> its check types, for labels that enter the queue
    worthiness_ranks: Mapping[str, int]

    def compares_with_source(self, label: str) -> bool:
        """Whether claims of this label are matched against their linked source."""
        return self.source_attribute is not None and any(
            self.check_types[c].compares_with_source for c in self.queued.get(label, ()))

    def labels_with_check(self, check_type: str) -> list[str]:
        return [label for label, checks in self.queued.items() if check_type in checks]

    def priority(self, attributes: Mapping[str, Any]) -> int:
        value = attributes.get(CHECK_WORTHINESS)
        return self.worthiness_ranks.get(value, UNRANKED) if isinstance(value, str) else UNRANKED

    def source_value(self, attributes: Mapping[str, Any]) -> str | None:
        value = attributes.get(self.source_attribute) if self.source_attribute else None
        return value if isinstance(value, str) and value else None


def review_settings(document: Mapping[str, Any], default_review: Mapping[str, Any]) -> ReviewSettings:
    """Read a normalised schema document's review section (`default_review` when an old document has none)."""
    review = document.get("review") or default_review
    check_types = {
        c["id"]: CheckType(c["id"], c["name"], c["description"], c["compares_with_source"], c.get("not_found_rating"),
                           tuple(Rating(r["value"], r["name"], r["description"]) for r in c["scale"]))
        for c in review["check_types"]
    }
    queued = {entry["label"]: tuple(entry["check_types"]) for entry in review["labels"] if entry["queue"]}
    ranks: dict[str, int] = {}
    for label in document["labels"]:
        for attribute in label["attributes"]:
            if attribute["id"] == CHECK_WORTHINESS:
                ranks.update({c["value"]: i for i, c in enumerate(attribute["choices"])})
    return ReviewSettings(review.get("source_attribute"), float(review["weak_match_below"]), check_types, queued,
                          ranks)
