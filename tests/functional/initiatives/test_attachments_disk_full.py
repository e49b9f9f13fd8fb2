"""A full disk under the attachments: a translated 503 with Retry-After, nothing half-written, and uploads work
again as soon as there is room."""

import io

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from bench.load_faults import SmallDisk
from core.extensions import db
from core.models import AuditEntry
from initiatives import services
from initiatives.models import Attachment
from tests.conftest import csrf_token
from tests.factories import initiative_input, make_programme, make_tree, make_user
from tests.functional.helpers import login
from tests.unit.initiatives.test_filetypes import make_pdf

NO_ROOM_VI = "Hiện không còn chỗ để lưu tệp: chưa có gì được lưu. Vui lòng thử lại sau."
BUSY_VI = "Hệ thống đang bận. Vui lòng thử lại sau ít phút."


@pytest.fixture
def full_disk(app, tmp_path):
    reason = SmallDisk.possible()
    if reason:
        pytest.skip(reason)
    disk = SmallDisk(tmp_path / "uploads", megabytes=1)
    disk.mount()
    app.config["UPLOAD_FOLDER"] = str(disk.folder)
    yield disk
    disk.unmount()


def _draft():
    units = make_tree()
    author = make_user(units["grassroots_A1"], email="an@example.vn")
    initiative = services.save_draft(author, programme=make_programme(units["province"]), unit=author.unit,
                                     data=initiative_input())
    db.session.commit()
    return initiative, author


def _upload(client, initiative, accept: str = "text/html"):
    boundary, body = encode_multipart({"csrf_token": csrf_token(client, "/account"),
                                       "file": FileStorage(io.BytesIO(make_pdf()), filename="ban-ve.pdf")})
    return client.post(f"/initiatives/{initiative.id}/attachments", data=body, headers={"Accept": accept},
                       content_type=f"multipart/form-data; boundary={boundary}")


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_an_upload_to_a_full_disk_is_a_translated_503_and_leaves_nothing_behind(client, full_disk):
    initiative, author = _draft()
    login(client, author.email)
    full_disk.fill()

    page = _upload(client, initiative)
    api = _upload(client, initiative, accept="application/json")

    assert (page.status_code, page.headers["Retry-After"]) == (503, "120")
    text = page.get_data(as_text=True)
    assert (BUSY_VI in text, NO_ROOM_VI in text) == (True, True)
    assert (api.status_code, api.headers["Retry-After"]) == (503, "120")
    assert api.get_json() == {"error": BUSY_VI, "detail": NO_ROOM_VI}
    assert _count(Attachment) == 0
    assert _count(AuditEntry, AuditEntry.action == "attachment.add") == 0
    assert sorted(p.name for p in full_disk.folder.rglob("*") if p.is_file()) == ["filler.bin"]


def test_uploads_work_again_once_there_is_room(client, full_disk):
    initiative, author = _draft()
    login(client, author.email)
    full_disk.fill()
    refused = _upload(client, initiative)
    full_disk.free()

    accepted = _upload(client, initiative)

    assert (refused.status_code, accepted.status_code) == (503, 302)
    assert accepted.headers["Location"] == f"/initiatives/{initiative.id}#attachments"
    assert _count(Attachment) == 1
    assert _count(AuditEntry, AuditEntry.action == "attachment.add") == 1
