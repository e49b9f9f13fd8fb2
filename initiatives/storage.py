"""Keep attachment files outside the web root under generated names (pure: the caller gives the folder).

The caller chooses the root (e.g. ``Path(app.instance_path) / "uploads"``)::

    stored = store(root, upload.file, upload.kind)   # -> StoredFile(stored_name, size, sha256)
    with open_stored(root, stored.stored_name) as f: ...
    stored_path(root, stored.stored_name)            # for send_file

A stored name is 32 lowercase hex digits of a uuid4 and the kind's canonical extension
(``3f2a…9c.pdf``); the file lives at ``root/3f/2a/3f2a…9c.pdf`` so that no folder grows huge. The uploader's
filename never reaches the path. Writes are atomic: a temporary file in the target folder is fsynced and
renamed into place, so a reader never sees half a file. Nothing is ever deleted.

``open_stored`` and ``stored_path`` accept only names of exactly the generated form and raise
``InvalidStoredName`` otherwise, so no name from a request can walk out of the root.
"""

import hashlib
import os
import re
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from initiatives.filetypes import FileKind, Readable

CHUNK_SIZE = 64 * 1024
_EXTENSIONS = "|".join(sorted(kind.extension for kind in FileKind))
_STORED_NAME = re.compile(rf"[0-9a-f]{{32}}\.(?:{_EXTENSIONS})")


class InvalidStoredName(ValueError):
    """Refuse a name that is not of the generated form."""


@dataclass(frozen=True)
class StoredFile:
    """A file written to storage: the name to keep in the database, its size in bytes and SHA-256."""

    stored_name: str
    size: int
    sha256: str


def store(root, source: Readable, kind: FileKind) -> StoredFile:
    """Copy source from its current position into storage (a folder or a store) under a new generated name."""
    stored_name = f"{uuid.uuid4().hex}.{kind.extension}"
    if not isinstance(root, (str, Path)):
        size, sha256 = root.put(stored_key(stored_name), source)
        return StoredFile(stored_name=stored_name, size=size, sha256=sha256)
    target = _path_for(Path(root), stored_name)
    target.parent.mkdir(parents=True, exist_ok=True)
    size, sha256 = _write_atomically(target, source)
    return StoredFile(stored_name=stored_name, size=size, sha256=sha256)


def stored_key(stored_name: str) -> str:
    """Return the store's key of a stored file (``3f/2a/3f2a…9c.pdf``), refusing names not of the generated form."""
    if not isinstance(stored_name, str) or not _STORED_NAME.fullmatch(stored_name):
        raise InvalidStoredName(stored_name)
    return f"{stored_name[:2]}/{stored_name[2:4]}/{stored_name}"


def stored_path(root: Path, stored_name: str) -> Path:
    """Return where a stored file lives, refusing any name that is not of the generated form."""
    if not isinstance(stored_name, str) or not _STORED_NAME.fullmatch(stored_name):
        raise InvalidStoredName(stored_name)
    return _path_for(Path(root), stored_name)


def open_stored(root: Path, stored_name: str) -> BinaryIO:
    """Open a stored file for reading; a well-formed name that was never stored raises FileNotFoundError."""
    return stored_path(root, stored_name).open("rb")


def _path_for(root: Path, stored_name: str) -> Path:
    """Return the sharded path of a generated name."""
    return root / stored_name[:2] / stored_name[2:4] / stored_name


def _write_atomically(target: Path, source: Readable) -> tuple[int, str]:
    """Write source to target through a synced temporary file in the same folder; return size and SHA-256."""
    # The same folder keeps the rename on one filesystem, which is what makes it atomic.
    descriptor, temporary = tempfile.mkstemp(prefix=".upload-", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(descriptor, "wb") as output:
            size, sha256 = _copy(source, output)
            output.flush()
            os.fsync(output.fileno())
        # uuid4 makes a clash with an existing file practically impossible, so replacing is safe.
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)
    return size, sha256


def _copy(source: Readable, output: BinaryIO) -> tuple[int, str]:
    """Copy source to output in chunks; return the byte count and SHA-256."""
    digest = hashlib.sha256()
    size = 0
    while chunk := source.read(CHUNK_SIZE):
        digest.update(chunk)
        output.write(chunk)
        size += len(chunk)
    return size, digest.hexdigest()


def _sync_folder(folder: Path) -> None:
    """Persist the rename itself, which lives in the folder's entry rather than in the file."""
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
