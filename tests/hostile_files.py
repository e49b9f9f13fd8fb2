"""Workbooks built to hurt a reader: a million declared rows, a zip bomb, entity expansion, a truncated file."""

import io
import re
import zipfile

from openpyxl import Workbook


def workbook(rows: list[list]) -> bytes:
    """Return an ordinary workbook holding rows."""
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rewritten(data: bytes, replace: dict[str, callable], extra: dict[str, bytes] | None = None) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in source.infolist():
            content = source.read(member.filename)
            archive.writestr(member.filename, replace.get(member.filename, lambda c: c)(content))
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return out.getvalue()


def million_rows(rows: list[list]) -> bytes:
    """Rows, then a sheet that declares 1,048,576 rows (a few kilobytes on disk)."""
    def declare(content: bytes) -> bytes:
        content = re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:Z1048576"', content)
        return content.replace(b"</sheetData>", b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t>'
                                                b"</is></c></row></sheetData>")
    return _rewritten(workbook(rows), {"xl/worksheets/sheet1.xml": declare})


def zip_bomb(rows: list[list], unpacked_mb: int = 200) -> bytes:
    """Rows, plus a part that unpacks to unpacked_mb megabytes of zeros (a few hundred kilobytes packed)."""
    return _rewritten(workbook(rows), {}, {"xl/media/image1.png": bytes(unpacked_mb * 1024 * 1024)})


def entity_expansion(rows: list[list]) -> bytes:
    """Rows, with the sheet's XML carrying a DTD whose entities expand a billion times ("billion laughs")."""
    dtd = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
           + b"".join(b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10)
                      for n in range(1, 10)) + b"]>")
    def poison(content: bytes) -> bytes:
        content = re.sub(rb"^<\?xml[^>]*\?>", b"", content)
        return dtd + content.replace(b"<t>", b"<t>&lol9;", 1)
    return _rewritten(workbook(rows), {"xl/worksheets/sheet1.xml": poison})


def truncated(rows: list[list]) -> bytes:
    """An ordinary workbook cut off half-way, as a failed upload leaves it."""
    data = workbook(rows)
    return data[: len(data) // 2]
