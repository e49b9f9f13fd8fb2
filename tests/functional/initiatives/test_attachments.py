"""Attachments: checked by content and size, stored outside the web root, served only to those who may read them."""

import io
import re
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from core.extensions import db
from core.models import AuditEntry
from initiatives import attachments, services
from initiatives.filetypes import FileKind
from initiatives.lifecycle import Step
from initiatives.models import Attachment
from tests import hostile_files
from tests.browser.catalogue import vi
from tests.conftest import csrf_token
from tests.factories import initiative_input, make_programme, make_tree, make_user
from tests.functional.helpers import login, post_form
from tests.unit.initiatives.test_filetypes import make_docx, make_elf, make_pdf, make_png, make_xlsx
from unions.roles import Role

MB = 1024 * 1024
FIELD_ERROR = re.compile(r'<div class="invalid-feedback d-block">([^<]*)</div>')


def setting(*, confidential: bool = False):
    units = make_tree()
    programme = make_programme(units["province"])
    author = make_user(units["grassroots_A1"], email="an@example.vn")
    officer = make_user(units["grassroots_A1"], roles=((Role.OFFICER, units["grassroots_A1"]),))
    outsider = make_user(units["grassroots_B1"], email="ngoai@example.vn")
    initiative = services.save_draft(author, programme=programme, unit=units["grassroots_A1"],
                                     data=initiative_input(confidential=confidential))
    db.session.commit()
    return initiative, author, officer, outsider


def upload(client, initiative, name: str, content: bytes):
    """Post the upload form with a file named name holding content."""
    # Encoded in memory: the test client would otherwise spool a large body to a file it never closes.
    boundary, body = encode_multipart({"csrf_token": csrf_token(client, "/account"),
                                       "file": FileStorage(io.BytesIO(content), filename=name)})
    return client.post(f"/initiatives/{initiative.id}/attachments", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


def in_english(client) -> None:
    """Show the interface in English, so that messages are compared with their source text."""
    client.get("/language/en?next=/")


def field_errors(response) -> list[str]:
    return FIELD_ERROR.findall(response.get_data(as_text=True))


def stored_files(app) -> list[Path]:
    root = Path(app.instance_path) / "uploads"
    return sorted(path for path in root.rglob("*") if path.is_file())


def rows(initiative=None) -> list[Attachment]:
    query = select(Attachment).order_by(Attachment.id)
    if initiative is not None:
        query = query.where(Attachment.initiative_id == initiative.id)
    return list(db.session.scalars(query))


def download(client, attachment_id: int):
    response = client.get(f"/attachments/{attachment_id}")
    response.close()
    return response


def submit_and_confirm(initiative, author, officer) -> None:
    services.submit(author, initiative, date.today())
    services.take_step(officer, initiative, Step.CONFIRM)
    db.session.commit()


def test_author_attaches_a_pdf_an_image_and_documents_and_downloads_them(app, client):
    initiative, author, _, _ = setting()
    login(client, author.email)
    files = [("biên bản nghiệm thu.pdf", make_pdf()), ("anh-may.png", make_png()), ("thuyet-minh.docx", make_docx()),
             ("bang-tinh.xlsx", make_xlsx())]

    responses = [upload(client, initiative, name, content) for name, content in files]

    assert [r.status_code for r in responses] == [302, 302, 302, 302]
    assert responses[0].headers["Location"] == f"/initiatives/{initiative.id}#attachments"
    saved = rows(initiative)
    assert [(a.original_name, a.kind, a.size, a.uploaded_by_id) for a in saved] == [
        (name, kind, len(content), author.id) for (name, content), kind in zip(files, ["pdf", "png", "docx", "xlsx"],
                                                                               strict=True)]
    assert [path.name for path in stored_files(app)] == sorted(a.stored_name for a in saved)
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)
                             .where(AuditEntry.action == "attachment.add")) == 4
    page = client.get(f"/initiatives/{initiative.id}").get_data(as_text=True)
    assert re.findall(r'data-attachment-id="(\d+)"', page) == [str(a.id) for a in saved]

    pdf = client.get(f"/attachments/{saved[0].id}")
    assert pdf.status_code == 200
    assert pdf.get_data() == files[0][1]
    assert pdf.mimetype == "application/pdf"
    assert pdf.headers["Content-Disposition"] == (
        'attachment; filename="bien ban nghiem thu.pdf"; '
        "filename*=UTF-8''bi%C3%AAn%20b%E1%BA%A3n%20nghi%E1%BB%87m%20thu.pdf")
    assert pdf.headers["X-Content-Type-Options"] == "nosniff"
    assert pdf.headers["Cache-Control"] == "no-cache, private"
    pdf.close()
    docx = client.get(f"/attachments/{saved[2].id}")
    assert (docx.mimetype, docx.headers["Content-Disposition"]) == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "attachment; filename=thuyet-minh.docx")
    docx.close()


ELF_AS_PDF = ("sang-kien.pdf", make_elf(), "This kind of file is not accepted: attach a PDF, DOCX, XLSX, JPG or PNG "
              "file.")
PE_AS_PDF = ("sang-kien.pdf", b"MZ\x90\x00\x03" + bytes(4091), ELF_AS_PDF[2])
PNG_AS_PDF = ("anh.pdf", make_png(), "The file is named as PDF but its content is PNG: rename it or choose the "
              "right file.")
EMPTY = ("trong.pdf", b"", "The file is empty.")
BOMB_AS_XLSX = ("bang-tinh.xlsx", hostile_files.zip_bomb([["Chi phí", 1200000]]),
                "This document unpacks to far more than a document holds: save it again and attach the new copy.")


@pytest.mark.parametrize(("name", "content", "message"), [ELF_AS_PDF, PE_AS_PDF, PNG_AS_PDF, EMPTY, BOMB_AS_XLSX],
                         ids=["elf", "pe", "mismatch", "empty", "zip-bomb"])
def test_a_file_that_is_not_what_it_claims_is_refused_and_nothing_is_stored(app, client, name, content, message):
    initiative, author, _, _ = setting()
    login(client, author.email)
    in_english(client)

    response = upload(client, initiative, name, content)

    assert response.status_code == 400
    assert field_errors(response) == [message]
    assert rows() == []
    assert stored_files(app) == []


def test_a_50_mb_file_is_refused_with_the_limit_and_nothing_is_stored(app, client):
    initiative, author, _, _ = setting()
    login(client, author.email)
    in_english(client)

    response = upload(client, initiative, "ban-ve.pdf", make_pdf() + bytes(50 * MB))

    assert response.status_code == 400
    assert field_errors(response) == ["The file is larger than the limit of 10 MB."]
    assert rows() == []
    assert stored_files(app) == []


def test_the_limit_follows_the_configuration(app, client):
    app.config["ATTACHMENT_MAX_BYTES"] = 2 * MB + MB // 2
    initiative, author, _, _ = setting()
    login(client, author.email)
    in_english(client)

    refused = upload(client, initiative, "ban-ve.pdf", make_pdf() + bytes(3 * MB))
    accepted = upload(client, initiative, "ban-ve.pdf", make_pdf() + bytes(2 * MB))

    assert field_errors(refused) == ["The file is larger than the limit of 2.5 MB."]
    assert accepted.status_code == 302
    assert len(rows()) == 1


def test_a_body_above_the_request_limit_gets_the_translated_error_page(app, client):
    app.config["MAX_CONTENT_LENGTH"] = MB
    initiative, author, _, _ = setting()
    login(client, author.email)

    response = upload(client, initiative, "ban-ve.pdf", make_pdf() + bytes(2 * MB))

    page = response.get_data(as_text=True)
    assert response.status_code == 413
    assert '<html lang="vi">' in page
    assert '<p class="display-5 text-body-secondary">413</p>' in page
    assert rows() == []
    assert stored_files(app) == []


def test_a_form_without_a_file_is_refused(app, client):
    initiative, author, _, _ = setting()
    login(client, author.email)
    in_english(client)

    response = post_form(client, f"/initiatives/{initiative.id}/attachments", {}, content_type="multipart/form-data")

    assert response.status_code == 400
    assert field_errors(response) == ["This field is required."]
    assert rows() == []


def test_the_sixth_file_is_refused_until_one_is_withdrawn(app, client):
    initiative, author, _, _ = setting()
    login(client, author.email)
    in_english(client)
    for n in range(5):
        assert upload(client, initiative, f"anh-{n}.png", make_png()).status_code == 302

    sixth = upload(client, initiative, "anh-5.png", make_png())

    assert sixth.status_code == 400
    assert field_errors(sixth) == ["An initiative can have at most 5 attachments: withdraw one first."]
    assert len(rows()) == 5
    assert len(stored_files(app)) == 5

    assert post_form(client, f"/attachments/{rows()[0].id}/withdraw").status_code == 302
    assert upload(client, initiative, "anh-5.png", make_png()).status_code == 302
    assert [a.withdrawn_at is None for a in rows()] == [False, True, True, True, True, True]


def test_the_author_and_the_officer_download_and_a_member_of_another_union_is_refused(client):
    initiative, author, officer, outsider = setting()
    login(client, author.email)
    upload(client, initiative, "bien-ban.pdf", make_pdf())
    attachment_id = rows()[0].id

    assert download(client, attachment_id).status_code == 200
    post_form(client, "/logout")
    login(client, officer.email)
    assert download(client, attachment_id).status_code == 403  # a draft is its authors' alone
    services.submit(author, db.session.get(type(initiative), initiative.id), date.today())
    db.session.commit()
    assert download(client, attachment_id).status_code == 200
    post_form(client, "/logout")
    login(client, outsider.email)
    assert download(client, attachment_id).status_code == 403
    assert download(client, attachment_id + 1).status_code == 404


def test_a_confidential_initiative_keeps_its_attachments_from_others(client):
    confidential, author, officer, outsider = setting(confidential=True)
    login(client, author.email)
    upload(client, confidential, "bien-ban.pdf", make_pdf())
    attachment_id = rows()[0].id
    submit_and_confirm(confidential, author, officer)
    post_form(client, "/logout")
    login(client, outsider.email)

    page = client.get(f"/initiatives/{confidential.id}")

    assert page.status_code == 200
    assert 'id="attachments"' not in page.get_data(as_text=True)
    assert download(client, attachment_id).status_code == 403


def test_once_confirmed_an_open_initiative_shares_its_attachments(client):
    initiative, author, officer, outsider = setting()
    login(client, author.email)
    upload(client, initiative, "bien-ban.pdf", make_pdf())
    attachment_id = rows()[0].id
    submit_and_confirm(initiative, author, officer)
    post_form(client, "/logout")
    login(client, outsider.email)

    page = client.get(f"/initiatives/{initiative.id}").get_data(as_text=True)

    assert re.findall(r'data-attachment-id="(\d+)"', page) == [str(attachment_id)]
    assert download(client, attachment_id).status_code == 200
    assert 'enctype="multipart/form-data"' not in page


def test_a_withdrawn_attachment_is_kept_but_no_longer_served(app, client):
    initiative, author, _, _ = setting()
    login(client, author.email)
    upload(client, initiative, "bien-ban.pdf", make_pdf())
    attachment = rows()[0]

    withdrawn = post_form(client, f"/attachments/{attachment.id}/withdraw")

    db.session.refresh(attachment)
    assert withdrawn.status_code == 302
    assert attachment.withdrawn_at is not None
    assert download(client, attachment.id).status_code == 404
    assert post_form(client, f"/attachments/{attachment.id}/withdraw").status_code == 404
    assert [path.name for path in stored_files(app)] == [attachment.stored_name]
    assert db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_type == "attachment")
                              .order_by(AuditEntry.id)).all() == ["attachment.add", "attachment.withdraw"]


def test_attachments_cannot_change_once_the_initiative_is_submitted(app, client):
    initiative, author, officer, _ = setting()
    login(client, author.email)
    upload(client, initiative, "bien-ban.pdf", make_pdf())
    attachment = rows()[0]
    services.submit(author, initiative, date.today())
    db.session.commit()

    added = upload(client, initiative, "them.pdf", make_pdf())
    withdrawn = post_form(client, f"/attachments/{attachment.id}/withdraw")
    post_form(client, "/logout")
    login(client, officer.email)
    by_officer = upload(client, initiative, "them.pdf", make_pdf())

    assert (added.status_code, withdrawn.status_code, by_officer.status_code) == (403, 403, 403)
    assert [(a.id, a.withdrawn_at) for a in rows()] == [(attachment.id, None)]
    assert len(stored_files(app)) == 1


def test_someone_who_cannot_edit_cannot_attach_or_withdraw(client):
    initiative, author, _, outsider = setting()
    login(client, author.email)
    upload(client, initiative, "bien-ban.pdf", make_pdf())
    attachment_id = rows()[0].id
    post_form(client, "/logout")
    login(client, outsider.email)

    assert upload(client, initiative, "la.pdf", make_pdf()).status_code == 403
    assert post_form(client, f"/attachments/{attachment_id}/withdraw").status_code == 403
    assert len(rows()) == 1


def test_the_shown_name_keeps_no_folders_or_control_codes():
    kind = FileKind.PDF
    assert attachments.display_name("C:\\Users\\an\\Tài liệu\\bien ban.pdf", kind) == "bien ban.pdf"
    assert attachments.display_name("../../etc/passwd\x00.pdf", kind) == "passwd.pdf"
    assert attachments.display_name("", kind) == "attachment.pdf"
    assert attachments.display_name("a" * 300 + ".pdf", kind) == "a" * 251 + ".pdf"


def test_the_draft_form_takes_attachments_and_comes_back_to_the_form(app, client):
    initiative, author, _, _ = setting()
    login(client, author.email)
    edit = f"/initiatives/{initiative.id}/edit"

    form = client.get(edit).get_data(as_text=True)
    boundary, body = encode_multipart({"csrf_token": csrf_token(client, "/account"), "next": edit,
                                       "file": FileStorage(io.BytesIO(make_png()), filename="anh-may.png")})
    added = client.post(f"/initiatives/{initiative.id}/attachments", data=body,
                        content_type=f"multipart/form-data; boundary={boundary}")
    boundary, body = encode_multipart({"csrf_token": csrf_token(client, "/account"), "next": edit,
                                       "file": FileStorage(io.BytesIO(make_elf()), filename="anh.png")})
    refused = client.post(f"/initiatives/{initiative.id}/attachments", data=body,
                          content_type=f"multipart/form-data; boundary={boundary}")

    assert f'action="/initiatives/{initiative.id}/attachments"' in form
    assert (added.status_code, added.headers["Location"]) == (302, f"{edit}#attachments")
    assert (refused.status_code, refused.headers["Location"]) == (303, f"{edit}#attachments")
    assert [a.original_name for a in rows(initiative)] == ["anh-may.png"]
    assert "anh-may.png" in client.get(edit).get_data(as_text=True)
    new = client.get(f"/programmes/{initiative.programme_id}/initiatives/new").get_data(as_text=True)
    assert vi("Save the draft, and this page lets you attach photos, drawings and documents.") in new
