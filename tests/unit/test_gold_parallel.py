"""Rendering in worker processes gives the same bytes and counts as rendering in order in one process."""
import io

import pytest

from app.gold.formats import FORMATS, write_export
from tests.unit.test_gold_formats import CTX, DOCS


def raw(doc):
    """A stand-in for a database row: the worker turns it back into a document."""
    return {"doc": doc}


def prepare(item):
    return item["doc"]


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "brat"])
def test_parallel_export_equals_serial(fmt):
    documents = list(DOCS) * 40
    serial_out, parallel_out = io.BytesIO(), io.BytesIO()
    serial = write_export(fmt, documents, serial_out, CTX)
    parallel = write_export(fmt, map(raw, documents), parallel_out, CTX, prepare=prepare, workers=2)
    assert parallel_out.getvalue() == serial_out.getvalue()
    assert parallel == serial


def test_brat_accepts_prepared_rows():
    out = io.BytesIO()
    stats = write_export("brat", map(raw, DOCS), out, CTX, prepare=prepare, workers=2)
    assert stats.documents == len(DOCS)
