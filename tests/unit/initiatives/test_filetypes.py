import hashlib
import io
import random
import struct
import sys
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pytest

from initiatives.filetypes import (
    FileKind,
    FileRejected,
    check_upload,
    inspect_upload,
    is_executable,
    kind_for_name,
    sniff,
)

MB = 1024 * 1024
LIMIT = 10 * MB

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="{main}"/>
</Types>"""
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
PACKAGE_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="word/document.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>
</Relationships>"""
DOCUMENT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:body><w:p><w:r><w:t>Sáng kiến cải tiến đồ gá</w:t></w:r></w:p></w:body></w:document>"""


def make_pdf() -> bytes:
    """Build a one-page PDF with a correct cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def make_png() -> bytes:
    """Build a 1x1 white PNG chunk by chunk."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def make_jpeg() -> bytes:
    """Build the JFIF header of a JPEG, which is all the type check reads, and close it."""
    app0 = b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    return b"\xff\xd8" + b"\xff\xe0" + struct.pack(">H", len(app0) + 2) + app0 + b"\xff\xd9"


def make_docx(main_content_type: str = DOCX_MAIN, extra: dict[str, bytes] | None = None) -> bytes:
    """Build a Word package by hand: content types, package relationships and the main document."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES.format(main=main_content_type))
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        archive.writestr("word/document.xml", DOCUMENT)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def make_xlsx() -> bytes:
    """Build a workbook with openpyxl."""
    workbook = openpyxl.Workbook()
    workbook.active.append(["Tên sáng kiến", "Đơn vị"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def make_zip(members: dict[str, bytes]) -> bytes:
    """Build a plain zip archive."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def make_elf() -> bytes:
    """Return the start of the running Python interpreter when it is ELF, else a synthetic ELF header."""
    head = Path(sys.executable).read_bytes()[:4096]
    return head if head.startswith(b"\x7fELF") else b"\x7fELF\x02\x01\x01" + bytes(4089)


def rejection(filename: str, data: bytes) -> FileRejected:
    """Return the refusal inspect_upload raises for data uploaded under filename."""
    with pytest.raises(FileRejected) as caught:
        inspect_upload(filename, io.BytesIO(data), LIMIT)
    return caught.value


class ZeroStream:
    """An endless upload of zero bytes that counts how much was read from it."""

    def __init__(self):
        self.bytes_read = 0

    def read(self, size: int = -1) -> bytes:
        if size < 0:
            raise AssertionError("an unbounded read would pull the whole upload into memory")
        self.bytes_read += size
        return bytes(size)


@pytest.mark.parametrize(
    ("filename", "data", "kind"),
    [
        ("bao-cao.pdf", make_pdf(), FileKind.PDF),
        ("anh.png", make_png(), FileKind.PNG),
        ("anh.jpg", make_jpeg(), FileKind.JPEG),
        ("anh.JPEG", make_jpeg(), FileKind.JPEG),
        ("thuyet-minh.docx", make_docx(), FileKind.DOCX),
        ("danh-sach.xlsx", make_xlsx(), FileKind.XLSX),
        ("BAO-CAO.PDF", make_pdf(), FileKind.PDF),
        ("ban-scan", make_pdf(), FileKind.PDF),
        ("bang-tinh.txt", make_xlsx(), FileKind.XLSX),
    ],
)
def test_inspect_upload_accepts_allowed_content(filename, data, kind):
    with inspect_upload(filename, io.BytesIO(data), LIMIT) as upload:
        assert (upload.kind, upload.size, upload.sha256) == (kind, len(data), hashlib.sha256(data).hexdigest())
        assert upload.file.read() == data


@pytest.mark.parametrize(
    ("filename", "data"),
    [
        ("bao-cao.pdf", make_elf()),
        ("bao-cao.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(118) + b"PE\x00\x00"),
        ("bao-cao.pdf", b"\xcf\xfa\xed\xfe\x07\x00\x00\x01" + bytes(24)),
        ("bao-cao.pdf", b"#!/bin/sh\nrm -rf ~\n"),
        ("thuyet-minh.docx", make_zip({"word/document.xml": DOCUMENT.encode()})),
        ("thuyet-minh.docx", make_zip({"META-INF/MANIFEST.MF": b"Manifest-Version: 1.0\n", "A.class": b"\xca\xfe"})),
        ("thuyet-minh.docx", make_docx(DOCM_MAIN)),
        ("thuyet-minh.docx", make_docx(extra={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"})),
        ("thuyet-minh.docx", b"MZ" + bytes(62) + make_docx()),
        ("thuyet-minh.docx", make_docx()[:200]),
        ("ghi-chu.txt", "Sáng kiến".encode()),
    ],
    ids=["elf", "pe", "mach-o", "script", "plain-zip", "jar", "docm", "vba-in-docx", "self-extracting",
         "truncated-zip", "text"],
)
def test_inspect_upload_refuses_content_that_is_not_allowed(filename, data):
    refused = rejection(filename, data)

    assert (refused.reason_key, refused.params) == ("not_allowed", {})


def test_inspect_upload_refuses_an_empty_file():
    refused = rejection("bao-cao.pdf", b"")

    assert (refused.reason_key, refused.params) == ("empty", {})


def test_inspect_upload_refuses_an_allowed_kind_under_the_name_of_another():
    refused = rejection("bao-cao.pdf", make_png())

    assert (refused.reason_key, refused.params) == ("mismatch", {"declared": "pdf", "detected": "png"})


def test_inspect_upload_stops_reading_one_byte_past_the_limit():
    stream = ZeroStream()

    with pytest.raises(FileRejected) as caught:
        inspect_upload("video.pdf", stream, LIMIT)

    assert (caught.value.reason_key, caught.value.params, stream.bytes_read) == ("too_large", {"limit_mb": 10},
                                                                                 LIMIT + 1)


def test_inspect_upload_refuses_a_50_mb_file_without_reading_it_all(tmp_path):
    path = tmp_path / "50mb.pdf"
    with path.open("wb") as sparse:
        sparse.write(make_pdf())
        sparse.truncate(50 * MB)

    with path.open("rb") as stream:
        with pytest.raises(FileRejected) as caught:
            inspect_upload(path.name, stream, LIMIT)
        position = stream.tell()

    assert (caught.value.reason_key, caught.value.params, position) == ("too_large", {"limit_mb": 10}, LIMIT + 1)


def test_inspect_upload_accepts_a_file_of_exactly_the_limit():
    data = make_pdf()

    with inspect_upload("bao-cao.pdf", io.BytesIO(data), len(data)) as upload:
        assert upload.size == len(data)


def test_inspect_upload_gives_a_fractional_limit_in_megabytes():
    with pytest.raises(FileRejected) as caught:
        inspect_upload("bao-cao.pdf", ZeroStream(), 5 * MB // 2)

    assert caught.value.params == {"limit_mb": 2.5}


def test_inspect_upload_reads_zips_spilled_to_disk():
    # Two megabytes of incompressible media push the spooled copy past what is kept in memory.
    data = make_docx(extra={"word/media/image1.png": random.Random(7).randbytes(2 * MB)})

    with inspect_upload("thuyet-minh.docx", io.BytesIO(data), LIMIT) as upload:
        assert (upload.kind, upload.size, upload.file.read() == data) == (FileKind.DOCX, len(data), True)


def test_check_upload_reads_zips_from_a_path(tmp_path):
    path = tmp_path / "thuyet-minh.docx"
    path.write_bytes(make_docx())

    assert check_upload(path.name, path.read_bytes()[:16], path) == FileKind.DOCX


def test_sniff_refuses_every_zip_when_it_cannot_look_inside():
    assert sniff(make_docx()[:16]) is None


@pytest.mark.parametrize(
    ("head", "expected"),
    [(b"\x7fELF\x02", True), (b"MZ\x90\x00", True), (b"#!/usr/bin/env python", True),
     (b"\xca\xfe\xba\xbe", True), (b"%PDF-1.7", False), (b"PK\x03\x04", False)],
)
def test_is_executable(head, expected):
    assert is_executable(head) == expected


@pytest.mark.parametrize(
    ("filename", "kind"),
    [("a.pdf", FileKind.PDF), ("a.b.JPG", FileKind.JPEG), ("a.jpeg", FileKind.JPEG), ("a.xlsx", FileKind.XLSX),
     ("a.exe", None), ("pdf", None), ("a.", None)],
)
def test_kind_for_name(filename, kind):
    assert kind_for_name(filename) == kind


def test_file_kinds_know_their_extension_and_mime_type():
    described = {kind.value: (kind.extension, kind.mime_type) for kind in FileKind}

    assert described == {
        "pdf": ("pdf", "application/pdf"),
        "docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        "jpeg": ("jpg", "image/jpeg"),
        "png": ("png", "image/png"),
    }
