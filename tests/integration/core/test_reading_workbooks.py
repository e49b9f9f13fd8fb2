"""An uploaded workbook is measured before it is unpacked and read with no DTD, whatever it claims to be."""

import io

import pytest

from core.spreadsheets import BLANK_RUN, UnreadableWorkbook, first_sheet_rows
from tests import hostile_files

ROWS = [["code", "name"], ["A1", "Công đoàn Trường Tiểu học Tiền Tiến"]]


def test_an_ordinary_workbook_reads_its_rows():
    assert list(first_sheet_rows(io.BytesIO(hostile_files.workbook(ROWS)))) == [tuple(r) for r in ROWS]


def test_a_million_declared_rows_end_after_a_run_of_empty_ones():
    data = hostile_files.million_rows(ROWS)
    assert len(data) < 10_000

    rows = list(first_sheet_rows(io.BytesIO(data)))

    assert [row[:2] for row in rows[:2]] == [tuple(r) for r in ROWS]
    assert len(rows) == 2 + BLANK_RUN - 1  # not 1,048,576


@pytest.mark.parametrize(("build", "key"), [
    (hostile_files.zip_bomb, "too_big"),
    (hostile_files.entity_expansion, "damaged"),
    (hostile_files.truncated, "damaged"),
])
def test_hostile_workbooks_are_refused_before_they_cost_anything(build, key):
    with pytest.raises(UnreadableWorkbook) as error:
        list(first_sheet_rows(io.BytesIO(build(ROWS))))

    assert error.value.key == key
