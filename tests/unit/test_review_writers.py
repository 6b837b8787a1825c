"""Pure review writers: ClaimReview JSON-LD, the verdicts CSV, gold JSONL with verdicts, coverage, formulas."""
import csv
import io
import json

import pytest

from app.gold.records import ExportContext, GoldDocument, GoldSpan
from app.review.claimreview import claim_review, write_claimreview
from app.review.coverage import UNLABELLED, label_characters, segments
from app.review.exports import CSV_HEADER, render_reviewed_jsonl, write_verdicts_csv
from app.review.records import EvidenceRecord, VerdictRecord
from app.spreadsheet import neutralise_formula

RECORD = VerdictRecord(
    verdict_id=3, claim_id=7, number=1, status="published", text_id=11, text_title="Commentary", start=0, end=19,
    label="unverifiable_claim", gold_version="v1", span_text="Putin wanted to warn", claim_reviewed="Putin wanted to warn Xi",
    claimant="The author", claim_date="2026-02-04", claim_appearance="https://example.org/a", first_appearance=None,
    check_type="factual_accuracy", check_type_name="Factual accuracy", rating="unverifiable",
    rating_name="Unverifiable", rating_value=1, best_rating=4, worst_rating=1, explanation="No record says why.",
    language="en", correction_note="", author="editor1", signed_off_by="editor2",
    published_at="2026-03-01T10:00:00+00:00", url="https://desk.example.org/claims/7#verdict-1",
    evidence=(EvidenceRecord(kind="external", url="https://example.org/transcript", publisher="Agency",
                             title="Transcript", quoted_passage="No reason was given.", accessed_at="2026-02-05"),))
CONTEXT = ExportContext(release="v1", schema_id="fact_opinion", schema_version="1.1.0",
                        labels=("unverifiable_claim",), bio_tags={"unverifiable_claim": "UNVERIFIABLE"})


def test_claim_review_has_googles_required_fields_and_the_claim():
    review = claim_review(RECORD)
    assert {"claimReviewed", "url", "reviewRating", "itemReviewed", "author", "datePublished"} <= set(review)
    assert review["reviewRating"]["alternateName"] == "Unverifiable"
    assert (review["reviewRating"]["ratingValue"], review["reviewRating"]["bestRating"],
            review["reviewRating"]["worstRating"]) == (1, 4, 1)
    assert review["itemReviewed"] == {"@type": "Claim", "author": {"@type": "Person", "name": "The author"},
                                      "datePublished": "2026-02-04",
                                      "appearance": [{"@type": "CreativeWork", "name": "Commentary",
                                                      "url": "https://example.org/a"}]}
    assert review["citation"][0]["publisher"] == {"@type": "Organization", "name": "Agency"}


def test_only_published_verdicts_become_claim_reviews():
    out = io.BytesIO()
    draft = VerdictRecord(**{**RECORD.__dict__, "status": "draft", "verdict_id": 4})
    assert write_claimreview([RECORD, draft], out) == 1
    assert [r["identifier"] for r in json.loads(out.getvalue())] == ["verdict-3-v1"]


@pytest.mark.parametrize(("value", "expected"), [
    ("=1+1", "'=1+1"), ("+31 6", "'+31 6"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
    ("\rx", "'\rx"), ("plain", "plain"), ("a=b", "a=b"), (None, ""), (-2, "-2"), ("", ""),
])
def test_neutralise_formula(value, expected):
    assert neutralise_formula(value) == expected


def test_csv_has_one_row_per_verdict_with_safe_cells():
    out = io.BytesIO()
    dangerous = VerdictRecord(**{**RECORD.__dict__, "explanation": "=cmd|' /C calc'!A0"})
    assert write_verdicts_csv([RECORD, dangerous], out) == 2
    rows = list(csv.reader(io.StringIO(out.getvalue().decode("utf-8"))))
    assert tuple(rows[0]) == CSV_HEADER
    assert rows[2][CSV_HEADER.index("explanation")] == "'=cmd|' /C calc'!A0"
    assert json.loads(rows[1][CSV_HEADER.index("evidence")])[0]["url"] == "https://example.org/transcript"


def test_reviewed_jsonl_attaches_verdicts_to_their_span():
    doc = GoldDocument(id="11", text="Putin wanted to warn Xi. Other.", sha256="x",
                       spans=(GoldSpan(0, 19, "unverifiable_claim"), GoldSpan(25, 30, "unverifiable_claim")))
    line = json.loads(render_reviewed_jsonl(doc, CONTEXT, {(11, 0, 19, "unverifiable_claim"): [RECORD]}))
    assert [len(s["verdicts"]) for s in line["spans"]] == [1, 0]
    assert line["spans"][0]["verdicts"][0]["rating_name"] == "Unverifiable"
    assert line["meta"]["release"] == "v1"


def test_label_characters_count_the_unlabelled_rest():
    assert label_characters(10, [(0, 3, "a"), (5, 7, "b"), (6, 8, "b")]) == {"a": 3, "b": 3, UNLABELLED: 4}


def test_segments_cover_the_text_and_skip_overlaps():
    assert segments(10, [(2, 4, "x"), (3, 5, "y"), (6, 10, "z")]) == [
        (0, 2, None), (2, 4, "x"), (4, 6, None), (6, 10, "z")]
