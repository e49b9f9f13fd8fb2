"""Initiative lists through the web: scopes and refusals, filters, search without diacritics, sorts, pages, exports."""

import csv
import io
import re

import pytest
from openpyxl import load_workbook

from initiatives import export
from initiatives.lifecycle import Status
from tests.factories import make_programme, make_tree, make_user
from tests.functional.helpers import login
from tests.integration.initiatives.test_queries import make_initiative, world

ROW = re.compile(r'<tr data-id="(\d+)" data-readable="([01])"')


def listed(response) -> list[int]:
    """Return the ids of the rows a list page shows, in order."""
    assert response.status_code == 200
    return [int(found) for found, _ in ROW.findall(response.get_data(as_text=True))]


def readable(response) -> dict[int, bool]:
    """Return whether each row on a list page shows more than its summary."""
    return {int(found): flag == "1" for found, flag in ROW.findall(response.get_data(as_text=True))}


def total(response) -> tuple[int, bool]:
    """Return the count a list page gives and whether it was capped."""
    found = re.search(r'id="result-count" data-total="(\d+)" data-capped="([01])"', response.get_data(as_text=True))
    return int(found.group(1)), found.group(2) == "1"


# Downloads are read with buffered=True: whole and closed at once, as a server closes a response once sent.


def test_visitors_are_sent_to_sign_in(client):
    for path in ("/initiatives", "/initiatives/export.xlsx", "/initiatives/export.csv"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login")


def test_an_officer_sees_their_union_by_default(client):
    _, _, people, made = world()
    login(client, people["officer_a1"].email)

    response = client.get("/initiatives")

    assert listed(response) == [made["binh_confirmed"], made["binh_returned"], made["an_recognised"],
                                made["an_submitted"]]
    assert total(response) == (4, False)
    assert listed(client.get("/initiatives?scope=mine")) == []
    assert 'href="/initiatives"' in client.get("/").get_data(as_text=True)


def test_a_member_sees_their_own_and_public_initiatives_and_no_union_list(client):
    _, _, people, made = world()
    login(client, people["an"].email)

    response = client.get("/initiatives")

    assert listed(response) == [made["chi_secret"], made["binh_confirmed"], made["an_recognised"],
                                made["an_submitted"], made["an_draft"]]
    assert readable(response)[made["chi_secret"]] is False
    assert readable(response)[made["binh_confirmed"]] is True
    assert "Kim Long" not in response.get_data(as_text=True)
    assert client.get("/initiatives?scope=union").status_code == 403
    assert client.get("/initiatives/export.csv?scope=union", buffered=True).status_code == 403
    assert client.get("/initiatives/export.xlsx?scope=union", buffered=True).status_code == 403
    assert 'href="/initiatives"' not in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("query", ["status=lost", "from=2024-13-01", "unit=NOPE", "sort=random",
                                   "programme=abc", "scope=everyone", "from=2024-03-02&to=2024-03-01",
                                   "q=" + "x" * 201])
def test_bad_arguments_are_refused(client, query):
    units = make_tree()
    login(client, make_user(units["grassroots_A1"]).email)

    assert client.get(f"/initiatives?{query}").status_code == 400
    assert client.get(f"/initiatives/export.csv?{query}", buffered=True).status_code == 400
    assert client.get(f"/initiatives/export.xlsx?{query}", buffered=True).status_code == 400


def test_a_page_number_below_one_is_refused(client):
    units = make_tree()
    login(client, make_user(units["grassroots_A1"]).email)

    assert client.get("/initiatives?page=0").status_code == 400


def test_search_without_diacritics_and_filters(client):
    units, programme, people, made = world()
    login(client, people["admin"].email)

    assert listed(client.get("/initiatives?q=cai+tien")) == [made["chi_submitted"], made["an_recognised"],
                                                             made["an_submitted"]]
    assert listed(client.get("/initiatives?q=CAI%20TIEN%20bang%20tai")) == [made["an_submitted"]]
    assert listed(client.get("/initiatives?q=cai+tien&status=submitted")) == [made["chi_submitted"],
                                                                              made["an_submitted"]]
    assert listed(client.get("/initiatives?unit=GB1")) == [made["chi_withdrawn"], made["chi_secret"],
                                                           made["chi_submitted"]]
    assert listed(client.get("/initiatives?field=digital&scope=all")) == [made["binh_confirmed"]]
    assert listed(client.get(f"/initiatives?programme={programme.id}&status=returned")) == [made["binh_returned"]]
    assert listed(client.get("/initiatives?q=%21%21%21")) == listed(client.get("/initiatives"))


def test_sorted_pages(app, client):
    _, _, people, made = world()
    app.config["PAGE_SIZE"] = 3
    login(client, people["admin"].email)
    visible = sorted(set(made.values()) - {made["an_draft"], made["chi_draft"]})

    second = client.get("/initiatives?sort=oldest&page=2")

    assert listed(second) == visible[3:6]
    assert total(second) == (7, False)
    assert 'href="/initiatives?sort=oldest&amp;page=3"' in second.get_data(as_text=True)
    assert listed(client.get("/initiatives?sort=oldest&page=3")) == visible[6:]
    assert listed(client.get("/initiatives?page=9")) == []


def test_xlsx_export_holds_the_filtered_rows(client):
    _, _, people, made = world()
    login(client, people["admin"].email)

    response = client.get("/initiatives/export.xlsx?status=submitted&sort=oldest", buffered=True)

    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.data), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows[0]) == len(export.COLUMNS)
    assert [(row[0], row[1], row[2]) for row in rows[1:]] == [
        (made["an_submitted"], "Cải tiến băng tải", "GA1"), (made["chi_submitted"], "Cải tiến bếp ăn ca", "GB1")]
    assert rows[1][11:] == (120_000_000, "Nguyễn Văn An (100%)")


def test_csv_export_starts_with_the_byte_order_mark_and_keeps_confidential_content_out(client):
    _, _, people, made = world()
    login(client, people["an"].email)

    response = client.get("/initiatives/export.csv", buffered=True)

    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert len(rows[0]) == len(export.COLUMNS)
    assert [int(row[0]) for row in rows[1:]] == listed(client.get("/initiatives"))
    secret = next(row for row in rows if row[0] == str(made["chi_secret"]))
    assert secret[1:4] == ["Dây chuyền chiết rót", "GB1", "Công đoàn Trường Tiểu học B1"]
    assert secret[4] != ""
    assert secret[5:] == [""] * (len(export.COLUMNS) - 5)
    own = next(row for row in rows if row[0] == str(made["an_recognised"]))
    assert (own[1], own[11], own[12]) == ("Cải tiến quy trình đóng gói", "120000000", "Nguyễn Văn An (100%)")


def test_exports_write_formula_like_titles_as_text(client):
    units = make_tree()
    member = make_user(units["grassroots_A1"])
    make_initiative(member, make_programme(units["province"]), '=HYPERLINK("http://x.test","Mở")', Status.DRAFT)
    login(client, member.email)

    sheet = load_workbook(io.BytesIO(client.get("/initiatives/export.xlsx", buffered=True).data)).worksheets[0]
    lines = client.get("/initiatives/export.csv", buffered=True).data.decode("utf-8-sig").splitlines()

    assert (sheet["B2"].value, sheet["B2"].data_type) == ('=HYPERLINK("http://x.test","Mở")', "s")
    assert list(csv.reader(lines))[1][1] == '\'=HYPERLINK("http://x.test","Mở")'
