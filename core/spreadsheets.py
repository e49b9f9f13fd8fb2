"""Write tables to XLSX or CSV: rows stream through, and text a spreadsheet would run as a formula stays text.

The workbook is write-only (rows go to disk as they come); the CSV is produced chunk by chunk, UTF-8 with a
byte-order mark, without which Excel reads Vietnamese as mojibake.
"""

import csv
import io
from collections.abc import Iterable, Iterator

from flask_babel import to_user_timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

BOM = "\ufeff"
CSV_BATCH = 500
# A cell starting with one of these is a formula to Excel, LibreOffice or Google Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def local_time(moment):
    """Return a stored UTC time as the reader's local time, without a zone (spreadsheets hold none)."""
    return to_user_timezone(moment).replace(tzinfo=None) if moment else None


def write_xlsx(headers: list[str], rows: Iterable[list], target, title: str) -> None:
    """Write a table to target (a binary file) as a workbook of one sheet called title."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    sheet.append(headers)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    workbook.save(target)


def _xlsx_cell(sheet, value):
    """Return value as the workbook should hold it: dates formatted, text never taken for a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell = WriteOnlyCell(sheet, value)
        cell.data_type = "s"
        return cell
    if hasattr(value, "year"):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = "dd/mm/yyyy hh:mm" if hasattr(value, "hour") else "dd/mm/yyyy"
        return cell
    return value


def csv_text(value) -> str:
    """Return a cell as CSV text: times to the minute, formula-like text quoted so that it stays text."""
    if value is None:
        return ""
    if hasattr(value, "hour"):
        return value.strftime("%Y-%m-%d %H:%M")
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_chunks(headers: list[str], rows: Iterable[list]) -> Iterator[bytes]:
    """Yield a CSV file in pieces: the byte-order mark and headers first, then the rows a batch at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(BOM)
    writer.writerow(headers)
    for count, row in enumerate(rows, start=1):
        writer.writerow([csv_text(value) for value in row])
        if count % CSV_BATCH == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")
