"""Files the app hands over: a workbook or a CSV as a download, named, with the right type."""

import io
import tempfile
from collections.abc import Callable, Iterator

from flask import Response, send_file, stream_with_context

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Workbooks written while they are sent stay in memory up to this size, and spill to a temporary file beyond it.
XLSX_IN_MEMORY = 16 * 1024 * 1024


def xlsx_download(content: bytes, name: str) -> Response:
    """Return a workbook already in memory as a download called name."""
    return send_file(io.BytesIO(content), mimetype=XLSX_TYPE, as_attachment=True, download_name=name)


def xlsx_written(write: Callable[[object], None], name: str) -> Response:
    """Return the workbook write(file) produces as a download, spilling to disk when it grows large."""
    workbook = tempfile.SpooledTemporaryFile(max_size=XLSX_IN_MEMORY)  # noqa: SIM115 (the response closes it)
    write(workbook)
    workbook.seek(0)
    return send_file(workbook, mimetype=XLSX_TYPE, as_attachment=True, download_name=name)


def csv_download(chunks: Iterator[bytes], name: str) -> Response:
    """Return a CSV produced piece by piece (within the request's context) as a download called name."""
    return Response(stream_with_context(chunks), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
