"""Write a list of initiatives to XLSX or CSV: the same columns, headers in the reader's language.

Rows stream through: the XLSX workbook is write-only (rows go to disk as they come) and the CSV is produced chunk
by chunk. The CSV is UTF-8 with a byte-order mark, without which Excel reads Vietnamese as mojibake. Text that a
spreadsheet would run as a formula is written as plain text.
"""

import csv
import io
from collections.abc import Callable, Iterable, Iterator

from flask_babel import lazy_gettext as _l
from flask_babel import to_user_timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from initiatives.forms import FIELD_LABELS, STATUS_LABELS
from initiatives.queries import ExportRow

BOM = "\ufeff"
CSV_BATCH = 500
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _local(moment):
    """Return a stored UTC time as the reader's local time, without a zone (spreadsheets hold none)."""
    return to_user_timezone(moment).replace(tzinfo=None) if moment else None


def _authors(row: ExportRow) -> str:
    return "; ".join(name if share is None else f"{name} ({share.normalize():f}%)" for name, share in row.authors)


COLUMNS: tuple[tuple[object, Callable[[ExportRow], object]], ...] = (
    (_l("No."), lambda r: r.id),
    (_l("Title"), lambda r: r.title),
    (_l("Union code"), lambda r: r.unit_code),
    (_l("Grassroots union"), lambda r: r.unit_name),
    (_l("Status"), lambda r: str(STATUS_LABELS[r.status])),
    (_l("Programme"), lambda r: r.programme),
    (_l("Phase"), lambda r: r.phase),
    (_l("Field"), lambda r: str(FIELD_LABELS[r.field]) if r.field else None),
    (_l("Entered at"), lambda r: _local(r.created_at)),
    (_l("Submitted at"), lambda r: _local(r.submitted_at)),
    (_l("First applied on"), lambda r: r.first_applied_on),
    (_l("Benefit (VND)"), lambda r: r.benefit_vnd),
    (_l("Authors and contribution"), _authors),
)


def headers() -> list[str]:
    """Return the column headers, translated."""
    return [str(title) for title, _ in COLUMNS]


def values(row: ExportRow) -> list:
    """Return the cells of one row as Python values (None where empty or not shown to the reader)."""
    return [value(row) for _, value in COLUMNS]


def write_xlsx(rows: Iterable[ExportRow], target) -> None:
    """Write rows to target (a binary file) as a workbook of one sheet."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(_l("Initiatives")))
    sheet.freeze_panes = "A2"
    sheet.append(headers())
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in values(row)])
    workbook.save(target)


def _xlsx_cell(sheet, value):
    """Return value as the workbook should hold it: dates formatted, text never taken for a formula."""
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value)
        cell.data_type = "s"
        return cell
    if hasattr(value, "year"):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = "dd/mm/yyyy hh:mm" if hasattr(value, "hour") else "dd/mm/yyyy"
        return cell
    return value


def _csv_text(value) -> str:
    """Return a cell as CSV text: times to the minute, formula-like text quoted so that it stays text."""
    if value is None:
        return ""
    if hasattr(value, "hour"):
        return value.strftime("%Y-%m-%d %H:%M")
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def csv_chunks(rows: Iterable[ExportRow]) -> Iterator[bytes]:
    """Yield the CSV file in pieces: the byte-order mark and headers first, then the rows a batch at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(BOM)
    writer.writerow(headers())
    for count, row in enumerate(rows, start=1):
        writer.writerow([_csv_text(value) for value in values(row)])
        if count % CSV_BATCH == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")
