"""Uploaded text files and zips of them: records by line and member, hostile archives refused whole."""
import io
import json
import zipfile

import pytest

from app.texts.readers import Rejection, TextRecord
from app.texts.uploads import UploadRefused, ZipLimits, iter_upload_records


def _zip(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> io.BytesIO:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", compression=compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    data.seek(0)
    return data


def _read(stream, filename, **limits):
    return list(iter_upload_records(stream, filename, ZipLimits(**limits)))


def test_a_jsonl_upload_yields_records_and_rejections_by_line():
    lines = [json.dumps({"text": "One."}), "{broken", json.dumps({"text": "Two."})]
    results = _read(io.BytesIO("\n".join(lines).encode()), "batch.jsonl")
    assert [type(r) for r in results] == [TextRecord, Rejection, TextRecord]
    assert results[1].location == "batch.jsonl:2"


def test_a_zip_names_the_member_in_each_location():
    archive = _zip({"a.csv": b"text\nFirst.\n\n", "dir/b.jsonl": b'{"text": 3}\n', "c.txt": b"Plain text."})
    results = _read(archive, "upload.zip")
    assert [(r.location, isinstance(r, TextRecord)) for r in results] == [
        ("upload.zip/a.csv:2", True), ("upload.zip/c.txt", True), ("upload.zip/dir/b.jsonl:1", False)]


def test_members_with_unsafe_names_nested_zips_or_other_types_are_rejected_by_name():
    archive = _zip({"../evil.txt": b"x", "inner.zip": b"PK", "image.png": b"x"})
    reasons = {r.location: r.reason for r in _read(archive, "upload.zip")}
    assert reasons == {"upload.zip/../evil.txt": "unsafe file name inside the zip; not read",
                       "upload.zip/image.png": "unsupported file type; use .txt, .jsonl, .csv",
                       "upload.zip/inner.zip": "a zip inside the zip is not read"}


def test_a_zip_bomb_is_refused_before_anything_is_read():
    archive = _zip({"bomb.txt": b"a" * (4 << 20)})
    with pytest.raises(UploadRefused, match="too much for its size"):
        _read(archive, "bomb.zip")


def test_a_zip_past_its_total_size_is_refused():
    archive = _zip({"a.txt": b"a" * 1000, "b.txt": b"b" * 1000}, compression=zipfile.ZIP_STORED)
    with pytest.raises(UploadRefused, match="unpacks to 2,000 bytes"):
        _read(archive, "big.zip", max_total_bytes=1500)


def test_too_many_members_are_refused():
    archive = _zip({f"{i}.txt": b"x" for i in range(5)})
    with pytest.raises(UploadRefused, match="holds 5 files"):
        _read(archive, "many.zip", max_members=4)


@pytest.mark.parametrize("filename, data, phrase", [
    ("notes.pdf", b"%PDF", "unsupported file type"),
    ("fake.zip", b"PK\x03\x04 not really", "not a readable zip"),
    ("", b"x", "plain name"),
])
def test_uploads_refused_whole(filename, data, phrase):
    with pytest.raises(UploadRefused, match=phrase):
        _read(io.BytesIO(data), filename)
