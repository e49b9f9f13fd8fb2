"""Read an uploaded template workbook and check every row with the rules the member's form uses.

The template's first sheet has one column per code of ``import_rows.COLUMNS``. Row 1 holds the headings in
Vietnamese, row 2 (hidden) the codes, and every row below one initiative. The reader finds the columns by their
codes, so headings may be reworded and columns moved or left out. An upload is kept outside the web root
(``instance/imports``, through ``initiatives.storage``) under a generated name whose stem is the import's token, so
that the save and the report read it again.
"""

import json
import os
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import select

from core.extensions import db
from core.spreadsheets import UnreadableWorkbook, first_sheet
from core.text import fold
from initiatives import services
from initiatives.filetypes import FileKind
from initiatives.forms import FIELD_LABELS
from initiatives.import_models import ImportBatch
from initiatives.import_rows import (
    AUTHOR_PARTS,
    COLUMNS,
    IMPORT_AUTHORS,
    TEXT_COLUMNS,
    author_column,
    is_blank,
    merge_problems,
    parse_row,
)
from initiatives.models import Initiative, InitiativeAuthor, Programme
from initiatives.rules import Field, Problem
from initiatives.storage import stored_path
from unions.models import Unit, User
from unions.roles import AccountStatus

MAX_ROWS = 10_000
MAX_BYTES = 20 * 1024 * 1024
# The template's rows above the data: the headings and the hidden codes.
HEADER_ROWS = 2
# The codes may sit on any of the first rows, below headings that people add.
HEADER_SCAN_ROWS = 5
# A worker reading a workbook tells its job's record how far it got every this many sheet rows.
PROGRESS_ROWS = 100
SHARE_COLUMNS = frozenset(author_column(n, "share") for n in range(1, IMPORT_AUTHORS + 1))


class ImportFileError(ValueError):
    """The workbook as a whole cannot be imported; key names why."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


@dataclass
class CheckedRow:
    """A row of an upload with its content, the member it names (if found) and every problem."""

    number: int
    data: services.InitiativeInput
    submitter: User | None
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        """Tell whether the row can be submitted."""
        return not self.problems


class MoreRowsThanAsked(Exception):
    """The workbook holds more rows than the caller chose to read here."""


def _unreadable(error: UnreadableWorkbook) -> ImportFileError:
    return ImportFileError("unpacks_too_big" if error.key == "too_big" else "not_xlsx")


def read_rows(source, *, most: int = MAX_ROWS, progress=None) -> list[tuple[int, dict]]:
    """Return the filled rows of a template workbook (a path or a binary file) as (row number, {code: value}).

    Past `most` rows, or at once when the sheet says it spans more, it raises MoreRowsThanAsked (past MAX_ROWS, the
    file's error instead). progress, when given (a job's), hears of the sheet's size and of every PROGRESS_ROWS sheet
    rows read.
    """
    try:
        with first_sheet(source, values_only=False) as (declared, sheet_rows):
            if most < MAX_ROWS and declared is not None and declared > most + HEADER_ROWS:
                raise MoreRowsThanAsked()
            if progress is not None and declared is not None:
                progress.set_total(declared)
            return _rows(_counted(sheet_rows, progress), min(most, MAX_ROWS))
    except UnreadableWorkbook as error:
        raise _unreadable(error) from error


def _counted(sheet_rows, progress):
    if progress is None:
        yield from sheet_rows
        return
    count = 0
    for count, row in enumerate(sheet_rows, start=1):
        if count % PROGRESS_ROWS == 0:
            progress.advance(PROGRESS_ROWS)
        yield row
    progress.advance(count % PROGRESS_ROWS)


def _rows(sheet_rows, most: int) -> list[tuple[int, dict]]:
    rows, positions = [], None
    for number, cells in enumerate(sheet_rows, start=1):
        if positions is None:
            positions = _code_positions(cells)
            if positions is None and number >= HEADER_SCAN_ROWS:
                raise ImportFileError("not_template")
            continue
        values = {code: _value(code, cells[index]) if index < len(cells) else None
                  for code, index in positions.items()}
        if is_blank(values):
            continue
        if len(rows) == most:
            raise ImportFileError("too_many_rows") if most == MAX_ROWS else MoreRowsThanAsked()
        rows.append((number, values))
    if positions is None:
        raise ImportFileError("not_template")
    if not rows:
        raise ImportFileError("empty")
    return rows


def _code_positions(cells) -> dict[str, int] | None:
    """Return {code: column index} when cells are the template's row of codes, else None."""
    positions = {}
    for index, cell in enumerate(cells):
        code = cell.value.strip() if isinstance(cell.value, str) else None
        if code in COLUMNS and code not in positions:
            positions[code] = index
    return positions if "title" in positions else None


def _value(code: str, cell):
    """Return a cell's value; a share typed as 60% is stored as 0.6 and read back as 60."""
    value = cell.value
    if code in SHARE_COLUMNS and isinstance(value, int | float) and not isinstance(value, bool) \
            and str(getattr(cell, "number_format", "") or "").endswith("%"):
        return Decimal(str(value)) * 100
    return value


def field_names() -> dict[str, str]:
    """Return every accepted spelling of a field, folded: its code and its label in each language."""
    names = {fold(f.value): f.value for f in Field}
    for language in current_app.config["LANGUAGES"]:
        with force_locale(language):
            names.update({fold(str(label)): f.value for f, label in FIELD_LABELS.items()})
    return names


def _limits() -> dict[str, int]:
    """Return the lengths that the columns cap (a longer text would be refused by the database)."""
    columns, author_columns = Initiative.__table__.columns, InitiativeAuthor.__table__.columns
    limits = {name: columns[name].type.length for name in TEXT_COLUMNS if getattr(columns[name].type, "length", None)}
    limits.update({f"author_{part}": author_columns[part].type.length for part in AUTHOR_PARTS if part != "share"})
    return limits


def members_by_contact(unit: Unit) -> dict[str, User]:
    """Return the union's active members by e-mail address and by phone number, in one query."""
    members = {}
    for user in db.session.scalars(select(User).where(User.unit_id == unit.id, User.status == AccountStatus.ACTIVE)):
        members.update({key: user for key in (user.email, user.phone) if key})
    return members


def check_rows(programme: Programme, unit: Unit, rows: list[tuple[int, dict]], today: date) -> list[CheckedRow]:
    """Read and check every row with the rules the member's form uses; lookups are loaded once, not per row."""
    names, limits, members = field_names(), _limits(), members_by_contact(unit)
    checked = []
    for number, cells in rows:
        parsed = parse_row(number, cells, field_names=names, limits=limits)
        data = services.InitiativeInput(**parsed.content, authors=[
            services.AuthorInput(name, share, workplace) for name, workplace, share in parsed.authors])
        problems = merge_problems(parsed.problems, services.check_complete(programme, unit, data, today))
        submitter = members.get(parsed.contact)
        if parsed.contact and submitter is None:
            problems.append(Problem("submitter_contact", "contact_unknown", (str(cells.get("submitter_contact")),)))
        checked.append(CheckedRow(number, data, submitter, problems))
    return checked


def batch_path(batch: ImportBatch) -> Path:
    """Return where the workbook of an import is kept."""
    return stored_path(imports_root(), f"{batch.token}.{FileKind.XLSX.extension}")


def check_batch(batch: ImportBatch, today: date) -> list[CheckedRow]:
    """Check every row of an import again (against today's members and rules), from the rows read at upload."""
    return check_rows(batch.programme, batch.unit, kept_rows(batch), today)


def _rows_path(batch: ImportBatch) -> Path:
    return batch_path(batch).with_name(f"{batch.token}.rows.json")


def keep_rows(batch: ImportBatch, rows: list[tuple[int, dict]]) -> None:
    """Keep the rows read from an import's workbook beside it, so that the preview and the save need not parse the
    workbook again (the parse is most of their cost: about 1.7 s for 5,000 rows, the checks 0.2 s)."""
    target = _rows_path(batch)
    partial = target.with_name(target.name + ".part")
    partial.write_text(json.dumps([[number, {code: _encode(v) for code, v in values.items()}]
                                   for number, values in rows], ensure_ascii=False), encoding="utf-8")
    os.replace(partial, target)


def kept_rows(batch: ImportBatch) -> list[tuple[int, dict]]:
    """Return the rows kept at upload (or, for an import kept before rows were, read the workbook again)."""
    path = _rows_path(batch)
    if not path.is_file():
        return read_rows(batch_path(batch))
    return [(number, {code: _decode(v) for code, v in values.items()})
            for number, values in json.loads(path.read_text(encoding="utf-8"))]


_TYPES = {"datetime": datetime.fromisoformat, "date": date.fromisoformat, "time": time.fromisoformat,
          "decimal": Decimal}


def _encode(value):
    """Return a cell value as JSON can hold it, its type kept for the types JSON lacks."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime):  # before date: a datetime is a date too
        return {"datetime": value.isoformat()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, time):
        return {"time": value.isoformat()}
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    return str(value)


def _decode(value):
    if isinstance(value, dict):
        (name, text), = value.items()
        return _TYPES[name](text)
    return value


def imports_root() -> Path:
    """Return the folder uploaded workbooks are kept in, outside the web root."""
    return Path(current_app.instance_path) / "imports"
