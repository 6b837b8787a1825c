"""File downloads streamed from a spooled temporary file (memory for small files, disk for large ones)."""
import tempfile
from collections.abc import Callable
from typing import BinaryIO

from flask import Response

SPOOL_BYTES = 8 * 1024 * 1024
CHUNK_BYTES = 256 * 1024


def spooled_download(write: Callable[[BinaryIO], object], *, mimetype: str, filename: str) -> Response:
    """Run `write` into a temporary file and stream it as an attachment.

    The file is closed once streamed, when the response is closed (cut off or never read), or at once if
    `write` fails.
    """
    out = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
    try:
        write(out)
    except BaseException:
        out.close()
        raise
    out.seek(0)

    def chunks():
        with out:
            yield from iter(lambda: out.read(CHUNK_BYTES), b"")

    response = Response(chunks(), mimetype=mimetype,
                        headers={"Content-Disposition": f'attachment; filename="{filename}"'})
    response.call_on_close(out.close)  # also when the body is never read to its end
    return response
