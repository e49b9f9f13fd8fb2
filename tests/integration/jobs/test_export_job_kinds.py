"""The council's award proposal list and a progress table, when longer than EXPORT_INLINE_ROWS, are written by a
real worker into the file the request would have sent."""

import io
from decimal import Decimal

from openpyxl import load_workbook

from core.extensions import db
from initiatives.services import AuthorInput
from jobs.models import JobState
from review import council_queries as queries
from review import council_services as services
from tests.functional.helpers import login, switch_user
from tests.functional.quota.test_progress_pages import dashboard_url, district  # noqa: F401  (a fixture)
from tests.functional.review.test_councils import confirmed, world  # noqa: F401  (a fixture)
from tests.integration.jobs.helpers import job_row
from tests.integration.jobs.test_export_jobs import PREPARING, finished, job_of


def sheet_rows(content: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


def test_a_long_award_list_is_written_by_a_worker_for_the_council_secretary(app, client, world, broker,  # noqa: F811
                                                                            workers):
    _, programme, people, council = world
    initiative = confirmed(people, programme, "Cải tiến máy đóng bao", authors=[
        AuthorInput("Nguyễn Văn An", Decimal(60), "Phân xưởng", people["author"].id),
        AuthorInput("Trần Thị Bình", Decimal(40), "Phân xưởng", None)])
    services.assign_reviewers(people["secretary"], council)
    [item] = queries.get_items(council)
    for a in item.assignments:
        services.save_score_sheet(a.reviewer, a, {"novelty": 27, "applicability": 25, "effect": 35}, submit=True)
    services.decide_item(people["chair"], item, "recognised", "Áp dụng trong huyện")
    services.propose_award(people["secretary"], item, "merit", "Làm lợi 120 triệu")
    db.session.commit()
    login(client, people["secretary"].email)
    inline = client.get(f"/councils/{council.id}/export/awards.xlsx", buffered=True)
    app.config["EXPORT_INLINE_ROWS"] = 1

    started = client.get(f"/councils/{council.id}/export/awards.xlsx")
    job_id = job_of(started)
    queued = job_row(job_id)
    done = finished(job_id, workers())
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    download = client.get(f"/jobs/{job_id}/file", buffered=True)

    assert inline.status_code == 200
    assert (queued.kind, queued.params, queued.total, queued.started_by_id) == (
        "review.council_export", {"council_id": council.id, "sheet": "awards", "locale": "vi"}, 2,
        people["secretary"].id)
    assert (done.state, done.done, done.total, done.error) == (JobState.DONE, 2, 2, None)
    assert done.result["name"] == f"de-nghi-khen-thuong-{council.id}.xlsx"
    assert PREPARING in client.get(f"/councils/{council.id}/export/awards.xlsx", follow_redirects=True).get_data(
        as_text=True)
    assert f'href="/councils/{council.id}"' in page
    assert download.status_code == 200
    assert download.headers["Content-Disposition"] == f"attachment; filename=de-nghi-khen-thuong-{council.id}.xlsx"
    assert sheet_rows(download.data) == sheet_rows(inline.data)
    assert [row[3] for row in sheet_rows(download.data)[1:]] == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert initiative.id == sheet_rows(download.data)[1][1]

    switch_user(client, people["chair"].email)
    assert client.get(f"/jobs/{job_id}/file", buffered=True).status_code == 404


def test_a_long_progress_table_is_written_by_a_worker(app, client, district, broker, workers):  # noqa: F811
    units, programme, people = district
    login(client, people["district_a"].email)
    url = dashboard_url(programme, units["district_A"], "/children.csv")
    inline = client.get(url, buffered=True)
    app.config["EXPORT_INLINE_ROWS"] = 2

    job_id = job_of(client.get(url))
    queued = job_row(job_id)
    done = finished(job_id, workers())
    download = client.get(f"/jobs/{job_id}/file", buffered=True)

    assert (queued.kind, queued.total, queued.params["unit_id"], queued.params["sort"]) == (
        "quota.export", 3, units["district_A"].id, "percent")
    assert (done.state, done.done, done.total) == (JobState.DONE, 3, 3)
    assert download.status_code == 200
    assert download.mimetype == "text/csv"
    assert download.data == inline.data
    assert download.data.decode("utf-8-sig").splitlines()[-1].startswith("DA,")
    assert client.get(dashboard_url(programme, units["district_B"], "/children.csv")).status_code == 403

    switch_user(client, people["district_b"].email)
    assert client.get(f"/jobs/{job_id}/file", buffered=True).status_code == 404
