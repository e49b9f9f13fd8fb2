"""`flask backup` and `flask restore`: a populated instance round-trips into a new one, every row and file alike,
from a folder or an S3-compatible bucket into another; a restore lands whole or not at all."""

import contextlib
import io
import tarfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from core.blobs import as_store
from core.extensions import db
from core.hooks import file_areas
from initiatives import attachments
from initiatives.attachment_views import attachment_store, upload_root
from initiatives.lifecycle import Step
from initiatives.models import Initiative
from review import council_queries, council_services
from tests.factories import make_council, make_initiative, make_programme, make_tree, make_user
from tests.integration.object_store import new_bucket, objects, use_bucket
from tests.unit.initiatives.test_filetypes import make_pdf
from unions.roles import Role


def populate():
    """Fill the instance through its services: a tree, people, initiatives, a duplicate, a council with a score,
    quota counts, the audit trail and an attachment file (in the configured store)."""
    units = make_tree()
    programme = make_programme(units["province"], fields=("technical",))
    author = make_user(units["grassroots_A1"], name="Nguyễn Văn An")
    officer = make_user(units["grassroots_A1"], roles=((Role.OFFICER, units["grassroots_A1"]),))
    people = [make_user(units[f"grassroots_{u}"]) for u in ("A2", "B1", "B2")]
    for title in ("Cải tiến máy đóng bao xi măng tự động", "Cải tiến máy đóng bao xi măng tự động hoá"):
        make_initiative(author, programme, title, steps=((officer, Step.CONFIRM),),
                        benefit_vnd=123_456_789)
    draft = make_initiative(author, programme, "Sổ tay an toàn điện cho công nhân 😀", submit=False)
    council = make_council(units["district_A"], programme, chair=people[1], secretary=people[2],
                           members=tuple(people), reviewers_per_item=1)
    council_services.assign_reviewers(people[2], council)
    assignment = council_queries.get_items(council)[0].assignments[0]
    council_services.save_score_sheet(assignment.reviewer, assignment,
                                      {"novelty": 20, "applicability": 15, "effect": 25}, "Khá", submit=True)
    attachments.add_attachment(author, draft, "biên bản.pdf", io.BytesIO(make_pdf()), root=attachment_store(),
                               max_bytes=10_000_000, max_count=5)
    db.session.commit()


def every_row() -> dict[str, list[tuple]]:
    return {table.name: [tuple(row) for row in db.session.execute(select(table).order_by(*table.primary_key))]
            for table in db.metadata.sorted_tables}


def every_file() -> dict[str, bytes]:
    """Return every file of every area, by area and key, read from wherever the area keeps it (folder or bucket)."""
    files = {}
    for area, root in file_areas().items():
        store = as_store(root())
        for key in store.names():
            with contextlib.closing(store.open(key)) as source:
                files[f"{area}/{key}"] = source.read()
    return files


def run(app, *args):
    """Run a flask command in app's own context, as a shell on that server would, after the test's reads end."""
    db.session.commit()
    with app.app_context():
        return app.test_cli_runner().invoke(args=list(args))


@pytest.fixture
def backup(app, tmp_path):
    populate()
    path = tmp_path / "sangkien.tar.gz"
    result = run(app, "backup", str(path))
    assert result.exit_code == 0, result.output
    return path


def test_a_restored_instance_holds_every_row_and_file_of_the_one_backed_up(app, backup, another_instance):
    rows, files = every_row(), every_file()
    target = another_instance()

    result = run(target, "restore", str(backup))

    assert result.exit_code == 0, result.output
    assert sum(len(table) for table in rows.values()) > 100 and len(files) == 1
    assert f"{sum(len(table) for table in rows.values()):,} rows" in result.output
    with target.app_context():
        assert every_row() == rows
        assert every_file() == files
        # New rows take ids after the restored ones.
        first = db.session.get(Initiative, 1)
        make_initiative(first.submitter, first.programme, "Một sáng kiến mới sau khi khôi phục")
        assert db.session.scalar(select(func.max(Initiative.id))) == len(rows["initiative"]) + 1


def test_a_backup_of_attachments_in_a_bucket_restores_into_another_bucket(app, bucket, another_instance, tmp_path):
    use_bucket(app, bucket, "uploads")
    populate()
    rows, files = every_row(), every_file()
    path = tmp_path / "from-bucket.tar.gz"
    backed_up = run(app, "backup", str(path))
    target = another_instance()
    other = new_bucket()
    use_bucket(target, other, "restored")

    result = run(target, "restore", str(path))

    (stored,) = [key.removeprefix("attachments/") for key in files if key.startswith("attachments/")]
    assert (backed_up.exit_code, result.exit_code) == (0, 0), backed_up.output + result.output
    assert list(files) == [f"attachments/{stored}"] and list(objects(bucket)) == [f"uploads/{stored}"]
    assert objects(other) == {f"restored/{stored}": files[f"attachments/{stored}"]}
    with target.app_context():
        assert every_row() == rows
        assert every_file() == files
        assert not upload_root().exists()  # nothing went to the new instance's folder


def test_a_backup_is_never_written_over_an_existing_file(app, backup):
    before = backup.read_bytes()

    result = run(app, "backup", str(backup))

    assert result.exit_code != 0 and "exists already" in result.output
    assert backup.read_bytes() == before


def test_a_restore_into_a_database_that_holds_rows_changes_nothing(app, backup):
    rows, files = every_row(), every_file()

    result = run(app, "restore", str(backup))

    assert result.exit_code != 0 and "not empty" in result.output
    assert every_row() == rows and every_file() == files


def damaged(backup: Path, tmp_path: Path) -> Path:
    """Copy the archive with one byte of its attachment changed, its manifest left as it was."""
    copy = tmp_path / "damaged.tar"
    with tarfile.open(backup) as source, tarfile.open(copy, "w") as out:
        for member in source.getmembers():
            content = source.extractfile(member).read()
            if member.name.startswith("files/"):
                content = content[:-1] + bytes([content[-1] ^ 1])
            out.addfile(member, io.BytesIO(content))
    return copy


def test_a_damaged_archive_restores_nothing_at_all(app, backup, another_instance, tmp_path):
    target = another_instance()

    result = run(target, "restore", str(damaged(backup, tmp_path)))

    assert result.exit_code != 0 and "checksum" in result.output
    with target.app_context():
        assert not any(every_row().values())
        assert every_file() == {}


def test_a_file_that_is_not_a_backup_is_refused_with_the_reason(app, another_instance, tmp_path):
    workbook = tmp_path / "not-a-backup.tar"
    with tarfile.open(workbook, "w") as archive:
        archive.addfile(tarfile.TarInfo("notes.txt"))
    garbage = tmp_path / "garbage.tar.gz"
    garbage.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 8)
    target = another_instance()

    no_manifest = run(target, "restore", str(workbook))
    unreadable = run(target, "restore", str(garbage))

    assert no_manifest.exit_code != 0 and "not a backup" in no_manifest.output
    assert unreadable.exit_code != 0 and "cannot be read" in unreadable.output
    with target.app_context():
        assert not any(every_row().values())
