"""A spreadsheet row becomes initiative content, and every cell that cannot be read says why."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from core.text import fold
from initiatives.import_rows import COLUMNS, contact_key, is_blank, merge_problems, parse_row
from initiatives.rules import Problem

# Built as the importer builds it: every spelling folded.
FIELD_NAMES = {fold(name): code for name, code in [
    ("technical", "technical"), ("Cải tiến kỹ thuật", "technical"), ("Technical improvement", "technical"),
    ("education", "education"), ("Giáo dục", "education")]}
LIMITS = {"title": 300, "applied_where": 300, "investor": 300, "author_name": 200, "author_workplace": 300}


def cells(**overrides) -> dict:
    row = {
        "title": "Cải tiến máy đóng bao", "field": "technical", "problem": "Chậm", "solution": "Cảm biến",
        "novelty": "Tự động", "first_applied_on": "15/03/2024", "applied_where": "Phân xưởng", "conditions": "",
        "effect": "Giảm hao hụt", "benefit_vnd": 120_000_000, "benefit_method": "Tính theo sản lượng",
        "benefit_not_computable": None, "benefit_description": None, "investor": None, "confidential": "không",
        "submitter_contact": None, "author_1_name": "Nguyễn Văn An", "author_1_workplace": "Xưởng 1",
        "author_1_share": 60, "author_2_name": "Trần Thị Bình", "author_2_workplace": None, "author_2_share": "40",
    }
    row.update(overrides)
    return row


def parse(**overrides):
    return parse_row(7, cells(**overrides), field_names=FIELD_NAMES, limits=LIMITS)


def test_a_complete_row_reads_into_initiative_content():
    row = parse()

    assert row.problems == []
    assert row.number == 7
    assert row.content == {
        "title": "Cải tiến máy đóng bao", "problem": "Chậm", "solution": "Cảm biến", "novelty": "Tự động",
        "applied_where": "Phân xưởng", "conditions": "", "effect": "Giảm hao hụt",
        "benefit_method": "Tính theo sản lượng", "benefit_description": "", "investor": "", "field": "technical",
        "first_applied_on": date(2024, 3, 15), "benefit_vnd": 120_000_000, "benefit_not_computable": False,
        "confidential": False,
    }
    assert row.authors == [("Nguyễn Văn An", "Xưởng 1", Decimal(60)), ("Trần Thị Bình", "", Decimal(40))]
    assert row.contact is None


@pytest.mark.parametrize(("typed", "code"), [
    ("technical", "technical"), ("Cải tiến kỹ thuật", "technical"), ("CAI TIEN KY THUAT", "technical"),
    ("  Giáo dục ", "education"), ("Education", "education"),
])
def test_a_field_is_read_by_code_or_by_label_with_or_without_diacritics(typed, code):
    assert parse(field=typed).content["field"] == code


def test_an_unknown_field_is_named_in_the_problem():
    row = parse(field="Thủ công mỹ nghệ")

    assert (row.content["field"], row.problems) == (None, [Problem("field", "field_unknown", ("Thủ công mỹ nghệ",))])


@pytest.mark.parametrize(("cell", "expected"), [
    (datetime(2024, 3, 15, 0, 0), date(2024, 3, 15)), (date(2024, 3, 15), date(2024, 3, 15)),
    ("15/03/2024", date(2024, 3, 15)), ("5/3/2024", date(2024, 3, 5)), ("05-03-2024", date(2024, 3, 5)),
    ("2024-03-05", date(2024, 3, 5)), (None, None), ("", None),
])
def test_dates_are_read_from_date_cells_and_day_first_text(cell, expected):
    row = parse(first_applied_on=cell)

    assert (row.content["first_applied_on"], row.problems) == (expected, [])


@pytest.mark.parametrize("cell", ["31/02/2024", "03/15/2024 10:00", "hôm qua", 45000])
def test_a_date_that_cannot_be_read_is_a_problem(cell):
    row = parse(first_applied_on=cell)

    assert row.content["first_applied_on"] is None
    assert row.problems == [Problem("first_applied_on", "date_invalid", (str(cell),))]


@pytest.mark.parametrize(("cell", "expected"), [
    (120_000_000, 120_000_000), (1.2e8, 120_000_000), ("120.000.000", 120_000_000), ("120,000,000", 120_000_000),
    ("120 000 000 đ", 120_000_000), ("5000000 VND", 5_000_000), ("-5", -5), (None, None), ("", None),
])
def test_amounts_are_read_with_thousands_separators_and_currency(cell, expected):
    row = parse(benefit_vnd=cell)

    assert (row.content["benefit_vnd"], row.problems) == (expected, [])


@pytest.mark.parametrize(("cell", "shown"), [("một trăm triệu", "một trăm triệu"), (1.5, "1.5"), ("12,5", "12,5"),
                                             (True, "True"), (10**16, str(10**16))])
def test_an_amount_that_is_not_a_whole_number_of_vnd_is_a_problem(cell, shown):
    row = parse(benefit_vnd=cell)

    assert (row.content["benefit_vnd"], row.problems) == (None, [Problem("benefit_vnd", "amount_invalid", (shown,))])


@pytest.mark.parametrize(("cell", "expected"), [("có", True), ("Có", True), ("CO", True), ("yes", True), ("x", True),
                                                (1, True), (True, True), ("không", False), ("No", False),
                                                (None, False), (0, False), (False, False)])
def test_yes_no_columns_take_vietnamese_and_english(cell, expected):
    row = parse(confidential=cell, benefit_not_computable=cell, benefit_description="Không tính được")

    assert (row.content["confidential"], row.content["benefit_not_computable"], row.problems) == (expected, expected,
                                                                                                 [])


def test_a_yes_no_cell_with_another_word_is_a_problem():
    row = parse(confidential="có thể")

    assert row.problems == [Problem("confidential", "yes_no_invalid", ("có thể",))]


def test_authors_keep_their_shares_as_typed_and_a_nameless_author_is_a_problem():
    row = parse(author_1_share="33,5%", author_2_share=Decimal("66.5"), author_3_workplace="Xưởng 3",
                author_3_share=10)

    assert row.authors == [("Nguyễn Văn An", "Xưởng 1", Decimal("33.5")), ("Trần Thị Bình", "", Decimal("66.5"))]
    assert row.problems == [Problem("authors", "author_name_missing", (3,))]


def test_an_unreadable_share_is_left_for_the_contribution_rule():
    row = parse(author_2_share="bốn mươi", author_1_share=None)

    assert row.authors == [("Nguyễn Văn An", "Xưởng 1", None), ("Trần Thị Bình", "", None)]
    assert row.problems == []


def test_texts_longer_than_their_columns_are_problems():
    row = parse(title="x" * 301, author_2_name="y" * 201)

    assert row.problems == [Problem("title", "too_long", (300,)), Problem("authors", "author_too_long", (2, 200))]


@pytest.mark.parametrize(("cell", "key"), [(" An@Example.VN ", "an@example.vn"), ("0903 111 222", "0903111222"),
                                           ("+84903111222", "0903111222"), (903111222, "0903111222")])
def test_the_submitter_is_named_by_e_mail_or_phone(cell, key):
    assert parse(submitter_contact=cell).contact == key
    assert contact_key(cell) == key


@pytest.mark.parametrize("cell", ["12345", "an@@example.vn", "an @example.vn"])
def test_a_contact_that_is_neither_e_mail_nor_phone_is_a_problem(cell):
    row = parse(submitter_contact=cell)

    assert (row.contact, row.problems) == (None, [Problem("submitter_contact", "contact_invalid", (cell,))])


def test_numbers_typed_into_text_columns_read_as_text():
    assert parse(title=2024.0, applied_where=12).content["title"] == "2024"
    assert parse(applied_where=12).content["applied_where"] == "12"


def test_a_row_of_empty_cells_is_blank():
    assert is_blank(dict.fromkeys(COLUMNS)) is True
    assert is_blank({**dict.fromkeys(COLUMNS, "  "), "title": None}) is True
    assert is_blank({**dict.fromkeys(COLUMNS), "author_5_share": 0}) is False


def test_a_rule_does_not_repeat_a_complaint_about_a_cell_that_could_not_be_read():
    parsed = [Problem("field", "field_unknown", ("abc",))]
    rules = [Problem("programme", "programme_closed"), Problem("field", "field_missing"),
             Problem("title", "title_missing")]

    assert merge_problems(parsed, rules) == [Problem("field", "field_unknown", ("abc",)),
                                             Problem("programme", "programme_closed"),
                                             Problem("title", "title_missing")]
