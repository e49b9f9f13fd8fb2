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

import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from core.blobs import LocalStore
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
    target = LocalStore(root) if isinstance(root, (str, Path)) else root
    size, sha256 = target.put(stored_key(stored_name), source)
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
