"""The workbook of children's targets: written for a parent to fill in, read back with a reason for every bad row."""

import io
import re
from dataclasses import dataclass, field

from flask_babel import force_locale
from flask_babel import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from initiatives.filetypes import FileKind, FileRejected, inspect_upload

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
TEMPLATE_LANGUAGE = "vi"
# Headings the reader recognises, lower-cased: the template's own (Vietnamese), English, and common variants.
CODE_HEADINGS = {"mã", "mã đơn vị", "code", "unit code"}
TARGET_HEADINGS = {"chỉ tiêu", "chỉ tiêu mới", "chỉ tiêu giao", "target", "new target"}
# 404, 1.989, 1,989 or 1 989: digits, with thousands separated by a dot, a comma or a space.
_WHOLE = re.compile(r"\d+|\d{1,3}(?:[.,\s]\d{3})+")
_SEPARATORS = re.compile(r"[.,\s]")


@dataclass
class TargetRow:
    """A row of an uploaded workbook: the unit it names, the target read, and what is wrong with it."""

    number: int
    code: str
    value: int | None
    problems: list[str] = field(default_factory=list)
    unit_id: int | None = None


class TargetFileError(ValueError):
    """The workbook as a whole cannot be read; message says why (translated)."""


def template_workbook(programme, parent, children, current: dict[int, int | None], sizes: dict[int, int]) -> bytes:
    """Return a workbook listing the children of parent with their members and current targets, to fill in."""
    with force_locale(TEMPLATE_LANGUAGE):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = _("Targets")[:31]
        sheet.append([_("Code"), _("Unit"), _("Members"), _("Current target"), _("Target")])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for child in children:
            sheet.append([child.code, child.name, sizes.get(child.id, 0), current.get(child.id), None])
        sheet.column_dimensions["B"].width = 50
        sheet.freeze_panes = "A2"
        sheet.append([])
        sheet.append([_("Programme: %(name)s", name=programme.name)])
        sheet.append([_("Split by: %(name)s", name=parent.name)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_targets(upload, children) -> list[TargetRow]:
    """Read the code and target of every filled row; each row says what is wrong with it, if anything."""
    try:
        with inspect_upload(upload.filename or "", upload.stream, MAX_BYTES) as inspected:
            if inspected.kind != FileKind.XLSX:
                raise TargetFileError(_("Choose an Excel workbook (.xlsx)."))
            workbook = load_workbook(inspected.file, read_only=True, data_only=True)
            try:
                rows = _rows(workbook.worksheets[0])
            finally:
                workbook.close()
    except FileRejected:
        raise TargetFileError(_("Choose an Excel workbook (.xlsx) of at most %(n)s MB.",
                                n=MAX_BYTES // (1024 * 1024))) from None
    except TargetFileError:
        raise
    except Exception as error:  # openpyxl and zipfile raise many kinds of error for a damaged workbook
        raise TargetFileError(_("The workbook cannot be read.")) from error
    by_code = {child.code: child for child in children}
    seen: dict[str, int] = {}
    for row in rows:
        child = by_code.get(row.code)
        if not row.code:
            row.problems.append(_("The code is empty."))
        elif row.code in seen:
            row.problems.append(_("%(code)s already appears on row %(row)s.", code=row.code, row=seen[row.code]))
        elif child is None:
            row.problems.append(_("%(code)s is not a unit directly below this one.", code=row.code))
        else:
            row.unit_id = child.id
        seen.setdefault(row.code, row.number)
    return rows


def _rows(sheet) -> list[TargetRow]:
    rows, columns = [], None
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if columns is None:
            headings = [str(value or "").strip().lower() for value in values]
            code = next((i for i, h in enumerate(headings) if h in CODE_HEADINGS), None)
            target = next((i for i, h in enumerate(headings) if h in TARGET_HEADINGS), None)
            if code is None or target is None:
                raise TargetFileError(_("The first row must name the columns “Mã” and “Chỉ tiêu”."))
            columns = (code, target)
            continue
        code_cell = values[columns[0]] if columns[0] < len(values) else None
        target_cell = values[columns[1]] if columns[1] < len(values) else None
        if code_cell in (None, "") and target_cell in (None, ""):
            continue
        if len(rows) == MAX_ROWS:
            raise TargetFileError(_("At most %(n)s rows.", n=MAX_ROWS))
        row = TargetRow(number, str(code_cell or "").strip(), None)
        row.value = _whole_number(target_cell, row)
        rows.append(row)
    if columns is None:
        raise TargetFileError(_("The workbook is empty."))
    return rows


def _whole_number(cell, row: TargetRow) -> int | None:
    """Read a target cell: empty clears the target; anything but a whole number from 0 up is a problem."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    if isinstance(cell, bool):
        row.problems.append(_("“%(value)s” is not a whole number.", value=cell))
        return None
    if isinstance(cell, int):
        value = cell
    elif isinstance(cell, float) and cell.is_integer():
        value = int(cell)
    else:
        text = str(cell).strip()
        if not _WHOLE.fullmatch(text):
            row.problems.append(_("“%(value)s” is not a whole number.", value=cell))
            return None
        value = int(_SEPARATORS.sub("", text))
    if value < 0:
        row.problems.append(_("“%(value)s” is not a whole number.", value=cell))
        return None
    return value
