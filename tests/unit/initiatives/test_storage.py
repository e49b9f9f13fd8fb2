import hashlib
import io
import re

import pytest

from initiatives.filetypes import FileKind
from initiatives.storage import InvalidStoredName, StoredFile, open_stored, store, stored_path

CONTENT = b"%PDF-1.4\n" + bytes(range(256)) * 1000
GENERATED = re.compile(r"[0-9a-f]{32}\.pdf")


class FailingStream:
    """A stream that breaks after its first chunk, like a client that disconnects mid-upload."""

    def __init__(self):
        self.calls = 0

    def read(self, size: int = -1) -> bytes:
        self.calls += 1
        if self.calls > 1:
            raise OSError("connection reset")
        return b"%PDF-1.4\n"


def files_under(root) -> list[str]:
    """Return every file below root, relative and sorted, hidden temporaries included."""
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def test_store_writes_the_content_under_a_generated_sharded_name(tmp_path):
    stored = store(tmp_path, io.BytesIO(CONTENT), FileKind.PDF)

    name = stored.stored_name
    assert GENERATED.fullmatch(name) is not None
    assert stored == StoredFile(stored_name=name, size=len(CONTENT), sha256=hashlib.sha256(CONTENT).hexdigest())
    assert files_under(tmp_path) == [f"{name[:2]}/{name[2:4]}/{name}"]
    assert (tmp_path / name[:2] / name[2:4] / name).read_bytes() == CONTENT


def test_store_uses_the_canonical_extension_of_the_kind(tmp_path):
    stored = store(tmp_path, io.BytesIO(b"\xff\xd8\xff\xd9"), FileKind.JPEG)

    assert stored.stored_name.rpartition(".")[2] == "jpg"


def test_store_copies_from_the_current_position(tmp_path):
    source = io.BytesIO(b"skipped" + CONTENT)
    source.seek(len(b"skipped"))

    stored = store(tmp_path, source, FileKind.PDF)

    assert stored_path(tmp_path, stored.stored_name).read_bytes() == CONTENT


def test_store_gives_every_file_its_own_name(tmp_path):
    names = {store(tmp_path, io.BytesIO(CONTENT), FileKind.PDF).stored_name for _ in range(3)}

    assert len(names) == 3


def test_store_leaves_nothing_behind_when_the_source_fails(tmp_path):
    with pytest.raises(OSError, match="connection reset"):
        store(tmp_path, FailingStream(), FileKind.PDF)

    assert files_under(tmp_path) == []


def test_open_stored_reads_back_what_was_stored(tmp_path):
    stored = store(tmp_path, io.BytesIO(CONTENT), FileKind.PDF)

    with open_stored(tmp_path, stored.stored_name) as stream:
        assert stream.read() == CONTENT


def test_open_stored_reports_a_well_formed_name_that_was_never_stored(tmp_path):
    with pytest.raises(FileNotFoundError):
        open_stored(tmp_path, "0" * 32 + ".pdf")


@pytest.mark.parametrize(
    "name",
    ["../x", "/etc/passwd", "ab/../../x", "ab/cd/" + "a" * 32 + ".pdf", "../" + "a" * 32 + ".pdf",
     "A" * 32 + ".pdf", "a" * 31 + ".pdf", "a" * 32 + ".exe", "a" * 32 + ".pdf\n", "a" * 32 + ".pdf/..",
     "a" * 32, "", None],
)
def test_open_stored_refuses_names_not_of_the_generated_form(tmp_path, name):
    with pytest.raises(InvalidStoredName):
        open_stored(tmp_path, name)
