"""Read union-tree files (CSV or XLSX) into rows; column names may be English or Vietnamese."""

import csv
import io

from core.spreadsheets import UnreadableWorkbook, first_sheet_rows
from unions.tree import TreeRow

COLUMNS = ("code", "name", "level", "parent_code", "members")
# The whole national tree (about 126,000 units) fits in one file.
MAX_ROWS = 200_000
HEADER_NAMES = {
    "code": "code", "mã": "code", "ma": "code", "mã đơn vị": "code", "ma don vi": "code",
    "name": "name", "tên": "name", "ten": "name", "tên đơn vị": "name", "ten don vi": "name",
    "level": "level", "cấp": "level", "cap": "level", "loại": "level",
    "parent_code": "parent_code", "parent code": "parent_code", "parent": "parent_code",
    "mã cấp trên": "parent_code", "ma cap tren": "parent_code", "cấp trên": "parent_code",
    "members": "members", "member_count": "members", "số đoàn viên": "members", "so doan vien": "members",
    "đoàn viên": "members",
}


class TreeFileError(ValueError):
    """The file as a whole cannot be read: wrong type, no header, a required column missing."""

    def __init__(self, key: str, *params):
        super().__init__(key)
        self.key = key
        self.params = params


def _header_map(header: list) -> dict[str, int]:
    positions = {}
    for index, cell in enumerate(header):
        name = HEADER_NAMES.get(" ".join(str(cell or "").strip().lower().split()))
        if name and name not in positions:
            positions[name] = index
    missing = [column for column in ("code", "name", "level") if column not in positions]
    if missing:
        raise TreeFileError("columns_missing", ", ".join(missing))
    return positions


def _to_rows(lines) -> list[TreeRow]:
    iterator = iter(lines)
    header = next(iterator, None)
    if header is None:
        raise TreeFileError("empty")
    positions = _header_map(list(header))
    rows = []
    for number, values in enumerate(iterator, start=2):
        values = ["" if value is None else str(value).strip() for value in values]
        if not any(values):
            continue
        if len(rows) == MAX_ROWS:
            raise TreeFileError("too_many_rows", MAX_ROWS)
        cells = {column: values[index] if index < len(values) else "" for column, index in positions.items()}
        rows.append(TreeRow(row=number, **{column: cells.get(column, "") for column in COLUMNS}))
    if not rows:
        raise TreeFileError("empty")
    return rows


def read_tree_file(filename: str, data: bytes) -> list[TreeRow]:
    """Read the rows of a CSV (UTF-8, comma or semicolon) or XLSX file."""
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        try:
            return _to_rows(first_sheet_rows(io.BytesIO(data)))
        except UnreadableWorkbook as error:
            raise TreeFileError("unpacks_too_big" if error.key == "too_big" else "unreadable") from error
    if name.endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise TreeFileError("encoding") from error
        sample = text[:4096]
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
        return _to_rows(csv.reader(io.StringIO(text), delimiter=delimiter))
    raise TreeFileError("type")
