"""Benchmark an Excel import of many rows saved through the job queue against saving it inline; print one JSON object.

An officer of a grassroots union uploads filled-in template workbooks (Vietnamese titles from ``bench.corpus``)
through the import pages of the app's test client, opens each preview and asks to save the valid rows; above
``IMPORT_INLINE_PREVIEW_ROWS`` the workbook is read for its preview by a job, and above ``IMPORT_INLINE_ROWS`` the
save is a job, each run by a real ``flask worker`` process on the embedded SQLite broker. The preview is timed from
the first upload until every preview is shown; the queued save from the first "save" until every job is done. The
baseline, in the same run: the same workbooks kept and saved inline in this process by
``import_services.save_import`` on a second fresh database.

A workbook holds at most ``import_reader.MAX_ROWS`` rows, so more rows are split into that many files, each its
own import (and job). Both databases must end with exactly ``--rows`` initiatives, or the script exits non-zero.

Run: ``python -m bench.import_queue [--rows N]``.
"""

import argparse
import io
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from openpyxl import Workbook  # noqa: E402
from openpyxl.cell import WriteOnlyCell  # noqa: E402
from sqlalchemy import func, select  # noqa: E402
from werkzeug.datastructures import FileStorage  # noqa: E402

from app import create_app  # noqa: E402
from bench.corpus import generate  # noqa: E402
from core.extensions import db  # noqa: E402
from core.timeutil import local_today  # noqa: E402
from initiatives import import_services  # noqa: E402
from initiatives.import_models import ImportBatch  # noqa: E402
from initiatives.import_reader import MAX_ROWS  # noqa: E402
from initiatives.import_rows import COLUMNS  # noqa: E402
from initiatives.models import Initiative  # noqa: E402
from initiatives.rules import Field  # noqa: E402
from jobs.models import FINISHED, Job, JobState  # noqa: E402
from tests.factories import PASSWORD, make_programme, make_tree, make_user  # noqa: E402
from unions.roles import Role  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_ROWS = 50_000
INLINE_ROWS = 1000  # the app's default: larger imports are queued
WAIT_SECONDS = 3600
FIELDS = frozenset(field.value for field in Field if field != Field.OTHER)
CORPUS_FIELDS = {"administration": "admin_reform", "union": "union_work", "energy": "technical",
                 "transport": "technical"}
SOLUTION = "Sắp xếp lại các bước và dùng biểu mẫu chung."  # for the few records without a description
CSRF = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"')
TOKEN = re.compile(r"/import/([0-9a-f]{32})$")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- the workbooks -----------------------------------------------------------------------------------------


def build_rows(count: int) -> list[dict]:
    """Return count valid template rows with realistic titles, filled in the ways officers do."""
    today = date.today()  # a month or more back: the same day in the app's zone
    rows = []
    for n, record in enumerate(generate(count, seed=20240601)):
        field = CORPUS_FIELDS.get(record.field, record.field)
        row = {"title": record.title[:250], "field": field if field in FIELDS else "technical",
               "problem": "Quy trình cũ mất nhiều thời gian và dễ sai sót.", "solution": record.description or SOLUTION,
               "novelty": "Lần đầu áp dụng tại đơn vị.", "applied_where": "Phân xưởng 2",
               "effect": "Giảm một nửa thời gian xử lý.", "benefit_vnd": 25_000_000 + n,
               "benefit_method": "Số giờ tiết kiệm × đơn giá giờ công.", "benefit_not_computable": "không",
               "author_1_name": f"Nguyễn Văn {n}", "author_1_workplace": "Phân xưởng 2", "author_1_share": 60,
               "author_2_name": "Trần Thị Lan", "author_2_share": 40,
               "first_applied_on": (today - timedelta(days=30 + n % 200)).strftime("%d/%m/%Y")}
        if n % 7 == 0:
            row.update(benefit_vnd="", benefit_method="", benefit_not_computable="có",
                       benefit_description="Cải thiện điều kiện làm việc.")
        rows.append(row)
    return rows


def workbook_bytes(rows: list[dict]) -> bytes:
    """Return a workbook laid out as the template: headings, the row of codes, then the rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Sáng kiến")
    sheet.append([f"Cột {code}" for code in COLUMNS])
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append([WriteOnlyCell(sheet, value=row.get(code)) for code in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- the apps ----------------------------------------------------------------------------------------------


def make_app(folder: Path, name: str, threshold: int):
    """Build an app on a new SQLite file with its own instance folder and broker; create the schema."""
    instance = folder / name
    instance.mkdir()
    os.environ["INSTANCE_PATH"] = str(instance)
    app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance / 'app.sqlite3'}",
                      "SERVER_NAME": "sangkien.test", "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
                      "JOBS_BROKER_URL": f"sqlite:///{instance / 'jobs.sqlite3'}", "JOBS_QUEUE": "bench-import",
                      "IMPORT_INLINE_ROWS": threshold, "IMPORT_INLINE_PREVIEW_ROWS": threshold})
    with app.app_context():
        db.create_all()
    return app


def setting():
    """Add the union tree, an officer of a grassroots union and a programme open to the rows' fields."""
    units = make_tree()
    officer = make_user(units["grassroots_A1"], roles=((Role.OFFICER, units["grassroots_A1"]),),
                        email="can.bo@bench.vn", name="Phạm Thị Thu")
    programme = make_programme(units["province"], fields=tuple(sorted(FIELDS)), applied_from=date(2020, 1, 1))
    db.session.commit()
    return units["grassroots_A1"], officer, programme


def count_initiatives(programme_id: int) -> int:
    db.session.commit()
    found = db.session.scalar(select(func.count()).select_from(Initiative)
                              .where(Initiative.programme_id == programme_id))
    db.session.commit()
    return found


class Worker:
    """A real `flask worker` process (and its children) on the app's database and broker."""

    def __init__(self, app):
        self.env = {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
                    "INSTANCE_PATH": app.instance_path, "SECRET_KEY": "bench",
                    "JOBS_BROKER_URL": app.config["JOBS_BROKER_URL"], "JOBS_QUEUE": app.config["JOBS_QUEUE"]}
        self.log = Path(app.instance_path) / "worker.log"
        with self.log.open("ab") as output:
            self.process = subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", "worker", "--processes",
                                             "1"], cwd=ROOT, env=self.env, stdout=output, stderr=subprocess.STDOUT,
                                            start_new_session=True)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


class Client:
    """The app's test client, each request in an app context of its own as a server would serve it."""

    def __init__(self, app):
        self.app = app
        self.client = app.test_client()

    def request(self, method: str, path: str, **kwargs):
        db.session.commit()  # hold no read transaction on SQLite while the request (or the worker) writes
        with self.app.app_context():
            return self.client.open(path, method=method, **kwargs)

    def post_form(self, path: str, data: dict, page: str = "/account", **kwargs):
        token = CSRF.search(self.request("GET", page).get_data(as_text=True)).group(1)
        return self.request("POST", path, data={"csrf_token": token, **data}, **kwargs)


# --- the measurements --------------------------------------------------------------------------------------


def queued(folder: Path, workbooks: list[bytes], threshold: int) -> dict:
    """Upload, preview and save every workbook as the officer; a worker saves them. Time both parts."""
    app = make_app(folder, "queued", threshold)
    with app.app_context():
        unit, officer, programme = setting()
        client = Client(app)
        worker = Worker(app)
        try:
            signed_in = client.post_form("/login", {"login": officer.email, "password": PASSWORD}, page="/login")
            if signed_in.status_code != 302:
                raise SystemExit(f"the officer could not sign in ({signed_in.status_code})")
            start = time.perf_counter()
            tokens = []
            for content in workbooks:
                uploaded = client.post_form(f"/programmes/{programme.id}/import",
                                            {"unit": unit.code, "file": (io.BytesIO(content), "sang-kien.xlsx")},
                                            content_type="multipart/form-data")
                found = TOKEN.search(uploaded.headers.get("Location", ""))
                if found is None:
                    raise SystemExit(f"the upload was refused ({uploaded.status_code})")
                tokens.append(found.group(1))
            previews = list(db.session.scalars(select(ImportBatch.preview_job_id).where(
                ImportBatch.token.in_(tokens), ImportBatch.preview_job_id.is_not(None))))
            db.session.commit()
            if any(state != JobState.DONE for state in wait_for_jobs(previews, worker)):
                raise SystemExit(f"a preview job did not finish well; see {worker.log}")
            for token in tokens:
                shown = client.request("GET", f"/programmes/{programme.id}/import/{token}")
                if shown.status_code != 200 or 'id="row-count"' not in shown.get_data(as_text=True):
                    raise SystemExit(f"the preview failed ({shown.status_code})")
            preview_seconds = time.perf_counter() - start
            start = time.perf_counter()
            jobs = []
            for token in tokens:
                saving = client.post_form(f"/programmes/{programme.id}/import/{token}", {"choice": "save_valid"})
                location = saving.headers.get("Location", "")
                if saving.status_code != 303 or "/jobs/" not in location:
                    raise SystemExit(f"the save was not queued ({saving.status_code} {location})")
                jobs.append(int(location.rsplit("/", 1)[1]))
            states = wait_for_jobs(jobs, worker)
            save_seconds = time.perf_counter() - start
        finally:
            worker.stop()
        if any(state != JobState.DONE for state in states):
            raise SystemExit(f"a job did not finish well: {states}; see {worker.log}")
        stored = count_initiatives(programme.id)
        db.session.remove()
        db.engine.dispose()
    return {"preview": preview_seconds, "save": save_seconds, "stored": stored, "jobs": len(jobs),
            "preview_jobs": len(previews)}


def wait_for_jobs(job_ids: list[int], worker: Worker) -> list[JobState]:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        # A read-only transaction: on SQLite a writing one would wait for the worker's save to end.
        connection = db.session.connection(execution_options={"snapshot": True})
        states = list(connection.scalars(select(Job.state).where(Job.id.in_(job_ids))))
        db.session.rollback()
        if len(states) == len(job_ids) and all(state in FINISHED for state in states):
            return states
        if worker.process.poll() is not None:
            raise SystemExit(f"the worker stopped; see {worker.log}")
        time.sleep(0.2)
    raise SystemExit(f"the jobs did not finish in {WAIT_SECONDS} s; see {worker.log}")


def inline(folder: Path, workbooks: list[bytes], threshold: int) -> dict:
    """Keep the same workbooks, then save each inline with the import service, committing each as a request does."""
    app = make_app(folder, "inline", threshold)
    with app.app_context():
        unit, officer, programme = setting()
        batches = []
        for content in workbooks:
            upload = FileStorage(io.BytesIO(content), filename="sang-kien.xlsx")
            batches.append(import_services.start_import(officer, programme=programme, unit=unit, upload=upload,
                                                        inline_rows=MAX_ROWS, today=local_today()).id)
            db.session.commit()
        today = local_today()
        start = time.perf_counter()
        for batch_id in batches:
            import_services.save_import(officer, db.session.get(ImportBatch, batch_id), today)
            db.session.commit()
        save_seconds = time.perf_counter() - start
        stored = count_initiatives(programme.id)
        db.session.remove()
        db.engine.dispose()
    return {"save": save_seconds, "stored": stored}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS)
    args = parser.parse_args(argv)
    if args.rows < 2:
        parser.error("--rows must be at least 2")
    start = time.perf_counter()
    rows = build_rows(args.rows)
    files = -(-args.rows // MAX_ROWS)
    bounds = [args.rows * n // files for n in range(files + 1)]
    workbooks = [workbook_bytes(rows[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]
    # Imports above the threshold are queued: the app's default, or just below a small run's workbook.
    threshold = min(INLINE_ROWS, min(b - a for a, b in zip(bounds, bounds[1:], strict=False)) - 1)
    log(f"{len(workbooks)} workbooks built in {time.perf_counter() - start:.1f} s")
    with tempfile.TemporaryDirectory(prefix="bench-import-") as folder:
        through_queue = queued(Path(folder), workbooks, threshold)
        log(f"queued: {through_queue}")
        baseline = inline(Path(folder), workbooks, threshold)
        log(f"inline: {baseline}")
    result = {
        "rows": args.rows, "workbooks": len(workbooks), "rows_per_workbook_max": MAX_ROWS,
        "preview_seconds": round(through_queue["preview"], 2),
        "queued_save_seconds": round(through_queue["save"], 2),
        "queued_rows_per_second": round(args.rows / through_queue["save"], 1),
        "inline_save_seconds": round(baseline["save"], 2),
        "inline_rows_per_second": round(args.rows / baseline["save"], 1),
        "queued_over_inline": round(through_queue["save"] / baseline["save"], 2),
        "initiatives_queued_db": through_queue["stored"], "initiatives_inline_db": baseline["stored"],
        "jobs": through_queue["jobs"], "preview_jobs": through_queue["preview_jobs"],
        "import_inline_rows": threshold, "database": "sqlite",
        "load_average": [round(v, 2) for v in os.getloadavg()],
    }
    print(json.dumps(result, ensure_ascii=False))
    if through_queue["stored"] != args.rows or baseline["stored"] != args.rows:
        sys.exit(1)


if __name__ == "__main__":
    main()
