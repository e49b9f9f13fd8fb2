"""Attachments in an S3-compatible bucket: a real server (moto in server mode) on this machine, started by the
fixtures of tests/integration/conftest.py."""

from initiatives.models import Attachment
from tests.functional.helpers import login, post_form
from tests.functional.initiatives.test_attachments import download, rows, setting, stored_files, upload
from tests.integration.object_store import objects, use_bucket
from tests.unit.initiatives.test_filetypes import make_pdf, make_png


def test_an_upload_goes_to_the_bucket_and_comes_back_only_to_those_allowed(app, client, bucket):
    use_bucket(app, bucket)
    initiative, author, officer, outsider = setting()
    content = make_pdf()
    login(client, author.email)
    assert upload(client, initiative, "bien-ban.pdf", content).status_code == 302
    (attachment,) = rows()

    stored_name = attachment.stored_name
    assert objects(bucket) == {f"uploads/{stored_name[:2]}/{stored_name[2:4]}/{stored_name}": content}
    assert stored_files(app) == []
    response = client.get(f"/attachments/{attachment.id}")
    assert (response.status_code, response.get_data()) == (200, content)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    response.close()
    post_form(client, "/logout")
    login(client, outsider.email)
    assert download(client, attachment.id).status_code == 403


def test_a_bucket_that_does_not_answer_gives_the_busy_page_and_records_nothing(app, client, bucket):
    use_bucket(app, f"{bucket}-missing")
    initiative, author, officer, outsider = setting()
    login(client, author.email)
    response = upload(client, initiative, "bien-ban.pdf", make_pdf())
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert rows() == []


def test_migrate_copies_local_files_verifies_them_and_a_second_run_copies_nothing(app, client, bucket):
    initiative, author, officer, outsider = setting()
    login(client, author.email)
    for name, content in (("bien-ban.pdf", make_pdf()), ("anh.png", make_png())):
        assert upload(client, initiative, name, content).status_code == 302
    local = {path.name: path.read_bytes() for path in stored_files(app)}
    use_bucket(app, bucket)
    runner = app.test_cli_runner()

    first = runner.invoke(args=["attachments", "migrate"])
    assert (first.exit_code, first.output.splitlines()[-1]) == (
        0, f"Into s3://{bucket}/uploads/: 2 copied, 0 already there, 0 missing locally, 0 checksum mismatches.")
    assert {key.rsplit("/", 1)[1]: body for key, body in objects(bucket).items()} == local
    second = runner.invoke(args=["attachments", "migrate"])
    assert second.output.splitlines()[-1] == (
        f"Into s3://{bucket}/uploads/: 0 copied, 2 already there, 0 missing locally, 0 checksum mismatches.")
    # The downloads now come from the bucket.
    for attachment in rows():
        response = client.get(f"/attachments/{attachment.id}")
        assert response.get_data() == local[attachment.stored_name]
        response.close()


def test_migrate_reports_a_local_file_whose_checksum_differs_and_copies_none_of_it(app, client, bucket):
    initiative, author, officer, outsider = setting()
    login(client, author.email)
    assert upload(client, initiative, "bien-ban.pdf", make_pdf()).status_code == 302
    (path,) = stored_files(app)
    path.write_bytes(path.read_bytes() + b"tampered")
    use_bucket(app, bucket)

    result = app.test_cli_runner().invoke(args=["attachments", "migrate"])
    assert result.exit_code == 1
    assert f"checksum mismatch: {path.name}" in result.output
    assert objects(bucket) == {}
    assert [attachment.stored_name for attachment in rows()] == [path.name]
    assert isinstance(rows()[0], Attachment)
