"""Decide what an uploaded attachment really is from its content, never from its name (pure).

Allowed kinds are PDF, DOCX, XLSX, JPEG and PNG (``FileKind``; each has ``extension`` and ``mime_type``).
The usual entry point reads an upload once, in chunks, without holding it in memory::

    with inspect_upload(filename, file_storage.stream, max_bytes) as upload:
        stored = store(root, upload.file, upload.kind)   # initiatives.storage
    # upload.kind, upload.size, upload.sha256; upload.file is a seekable spooled copy at position 0

``inspect_upload`` stops reading as soon as the stream passes ``max_bytes`` (at most ``max_bytes + 1`` bytes
are read) and leaves the stream consumed. Every refusal is a ``FileRejected`` whose ``reason_key`` is one of

- ``"too_large"`` (``params["limit_mb"]``): the stream holds more than ``max_bytes``;
- ``"empty"``: there are no bytes at all;
- ``"not_allowed"``: the content is none of the allowed kinds: an executable (PE/``MZ``, ELF, Mach-O, a ``#!``
  script) renamed ``.pdf``, a plain zip, JAR or APK, a macro-enabled Office file, anything unrecognised;
- ``"mismatch"`` (``params["declared"]``, ``params["detected"]``: kind values): the name's extension names one
  allowed kind and the content is another, e.g. a PNG named ``.pdf``, refused so that the uploader notices.

A name without an allowed extension (``scan``, ``bien-ban.txt``) is judged by its content alone: the name is
kept only for display and never reaches the storage path.

Lower-level pieces for callers that already hold the bytes: ``sniff(head, zip_source) -> FileKind | None``,
``check_upload(filename, head, zip_source) -> FileKind`` (the ``empty``/``not_allowed``/``mismatch`` rules),
``is_executable(head)`` and ``kind_for_name(filename)``. ``head`` is the first ``HEAD_SIZE`` bytes (more is
fine); ``zip_source`` is a path or a seekable binary file holding the whole content, needed only to look
inside a ZIP container to tell DOCX and XLSX from other zips (``None`` refuses every zip).
"""

import contextlib
import enum
import hashlib
import os
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import IO, BinaryIO, Protocol
from xml.etree import ElementTree

HEAD_SIZE = 16
CHUNK_SIZE = 64 * 1024
MEBIBYTE = 1024 * 1024
# Uploads up to this size stay in memory while inspected; larger ones spill to a temporary file.
SPOOL_IN_MEMORY = MEBIBYTE


class FileKind(enum.StrEnum):
    """An allowed attachment type; the value is what the database stores."""

    PDF = "pdf"
    DOCX = "docx"
    XLSX = "xlsx"
    JPEG = "jpeg"
    PNG = "png"

    @property
    def extension(self) -> str:
        """Return the canonical file extension, without the dot."""
        return _EXTENSIONS[self]

    @property
    def mime_type(self) -> str:
        """Return the MIME type to serve the file with."""
        return _MIME_TYPES[self]


_EXTENSIONS = {
    FileKind.PDF: "pdf",
    FileKind.DOCX: "docx",
    FileKind.XLSX: "xlsx",
    FileKind.JPEG: "jpg",
    FileKind.PNG: "png",
}
_MIME_TYPES = {
    FileKind.PDF: "application/pdf",
    FileKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileKind.JPEG: "image/jpeg",
    FileKind.PNG: "image/png",
}
_KIND_BY_EXTENSION = {kind.extension: kind for kind in FileKind} | {"jpeg": FileKind.JPEG, "jpe": FileKind.JPEG}

_SIGNATURES = (
    (b"%PDF-", FileKind.PDF),
    (b"\x89PNG\r\n\x1a\n", FileKind.PNG),
    (b"\xff\xd8\xff", FileKind.JPEG),
)
_EXECUTABLE_SIGNATURES = (
    b"MZ",  # Windows PE, DOS
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",  # Mach-O 32-bit, big-endian
    b"\xfe\xed\xfa\xcf",  # Mach-O 64-bit, big-endian
    b"\xce\xfa\xed\xfe",  # Mach-O 32-bit, little-endian
    b"\xcf\xfa\xed\xfe",  # Mach-O 64-bit, little-endian
    b"\xca\xfe\xba\xbe",  # Mach-O universal binary (and Java class files)
    b"#!",
)
_ZIP_LOCAL_HEADER = b"PK\x03\x04"

# [Content_Types].xml declares the main part's type; macro-enabled and template variants declare another one.
_OFFICE_MAIN_PARTS = {
    FileKind.DOCX: ("/word/document.xml",
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
    FileKind.XLSX: ("/xl/workbook.xml",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
}
_CONTENT_TYPES_MEMBER = "[Content_Types].xml"
_CONTENT_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
# A genuine [Content_Types].xml is a few kilobytes; the cap keeps a zip bomb from being inflated.
_CONTENT_TYPES_MAX_BYTES = 256 * 1024
# A document whose parts unpack to more than this is a zip bomb, whatever it calls itself.
MAX_UNPACKED_BYTES = 150 * 1024 * 1024


class FileRejected(Exception):
    """Refuse an upload; ``reason_key`` names the rule it broke and ``params`` fill in the message."""

    def __init__(self, reason_key: str, **params):
        super().__init__(reason_key, params)
        self.reason_key = reason_key
        self.params = params


class Readable(Protocol):
    """A binary stream such as a werkzeug ``FileStorage`` stream or a file opened with ``"rb"``."""

    def read(self, size: int = -1, /) -> bytes: ...


ZipSource = str | os.PathLike | IO[bytes] | None


@dataclass
class Inspected:
    """An upload that passed inspection, with a seekable copy of its content at position 0."""

    kind: FileKind
    size: int
    sha256: str
    file: BinaryIO = field(repr=False)

    def close(self) -> None:
        """Discard the spooled copy."""
        self.file.close()

    def __enter__(self) -> "Inspected":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def is_executable(head: bytes) -> bool:
    """Return whether the content starts like a program or a script."""
    return head.startswith(_EXECUTABLE_SIGNATURES)


def kind_for_name(filename: str) -> FileKind | None:
    """Return the kind the name's extension claims, or None when it claims no allowed kind."""
    _, dot, extension = filename.rpartition(".")
    return _KIND_BY_EXTENSION.get(extension.lower()) if dot else None


def sniff(head: bytes, zip_source: ZipSource = None) -> FileKind | None:
    """Return the allowed kind the content is, or None when it is none of them."""
    if is_executable(head):
        return None
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    # Only a file that starts as a zip is opened as one: zipfile also accepts an executable with a zip
    # appended (a self-extracting archive), because it reads the central directory from the end.
    if head.startswith(_ZIP_LOCAL_HEADER) and zip_source is not None:
        return _sniff_office(zip_source)
    return None


def _sniff_office(zip_source: ZipSource) -> FileKind | None:
    """Return DOCX or XLSX when the zip is an Office Open XML package of that kind, else None."""
    try:
        with zipfile.ZipFile(zip_source) as archive:
            names = set(archive.namelist())
            unpacked = sum(member.file_size for member in archive.infolist())
            content_types = _read_content_types(archive)
    # A damaged, encrypted or exotic zip is simply not a document we accept.
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, NotImplementedError, RuntimeError, EOFError,
            ValueError):
        return None
    if content_types is None or any(name.lower().endswith("vbaproject.bin") for name in names):
        return None
    if unpacked > MAX_UNPACKED_BYTES:
        raise FileRejected("unpacks_too_big")
    for kind, (part_name, content_type) in _OFFICE_MAIN_PARTS.items():
        if part_name.lstrip("/") in names and content_types.get(part_name) == content_type:
            return kind
    return None


def _read_content_types(archive: zipfile.ZipFile) -> dict[str, str] | None:
    """Return the package's part overrides as {part name: content type}, or None when unreadable."""
    try:
        info = archive.getinfo(_CONTENT_TYPES_MEMBER)
    except KeyError:
        return None
    if info.file_size > _CONTENT_TYPES_MAX_BYTES:
        return None
    with archive.open(info) as member:
        # The declared size may lie, so the read itself is capped too.
        xml = member.read(_CONTENT_TYPES_MAX_BYTES + 1)
    # Office never writes a DTD here; refusing one rules out entity-expansion tricks.
    if len(xml) > _CONTENT_TYPES_MAX_BYTES or b"<!DOCTYPE" in xml.upper():
        return None
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError:
        return None
    overrides = root.iter(f"{_CONTENT_TYPES_NS}Override")
    return {node.get("PartName", ""): node.get("ContentType", "") for node in overrides}


def check_upload(filename: str, head: bytes, zip_source: ZipSource = None) -> FileKind:
    """Return the kind of an upload, or raise FileRejected when it is empty, not allowed or misnamed."""
    if not head:
        raise FileRejected("empty")
    kind = sniff(head, zip_source)
    if kind is None:
        raise FileRejected("not_allowed")
    declared = kind_for_name(filename)
    if declared is not None and declared != kind:
        raise FileRejected("mismatch", declared=declared.value, detected=kind.value)
    return kind


def inspect_upload(filename: str, stream: Readable, max_bytes: int, *, chunk_size: int = CHUNK_SIZE) -> Inspected:
    """Read an upload once, refusing it as soon as it passes max_bytes, and return its kind, size and hash."""
    if max_bytes < 1:
        raise ValueError("max_bytes must be positive")
    with contextlib.ExitStack() as on_failure:
        spool = on_failure.enter_context(tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY))
        size, digest = _copy_limited(stream, spool, max_bytes, chunk_size)
        spool.seek(0)
        kind = check_upload(filename, spool.read(HEAD_SIZE), spool)
        spool.seek(0)
        # Accepted: the spooled copy now belongs to the caller, who closes it through Inspected.
        on_failure.pop_all()
    return Inspected(kind=kind, size=size, sha256=digest, file=spool)


def _copy_limited(source: Readable, target: IO[bytes], max_bytes: int, chunk_size: int) -> tuple[int, str]:
    """Copy source to target while hashing; raise too_large after reading one byte past max_bytes."""
    digest = hashlib.sha256()
    size = 0
    while True:
        # Never ask for more than one byte beyond the limit, so a huge upload costs max_bytes + 1 reads.
        chunk = source.read(min(chunk_size, max_bytes + 1 - size))
        if not chunk:
            return size, digest.hexdigest()
        size += len(chunk)
        if size > max_bytes:
            raise FileRejected("too_large", limit_mb=_in_megabytes(max_bytes))
        digest.update(chunk)
        target.write(chunk)


def _in_megabytes(size: int) -> int | float:
    """Return size in MB as people write it: 10, not 10.0; 2.5 when it is not whole."""
    whole, rest = divmod(size, MEBIBYTE)
    return whole if rest == 0 else round(size / MEBIBYTE, 1)
