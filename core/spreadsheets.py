"""Read and write tables as XLSX or CSV.

Writing: rows stream through, and text a spreadsheet would run as a formula stays text. The workbook is write-only
(rows go to disk as they come); the CSV is produced chunk by chunk, UTF-8 with a byte-order mark, without which
Excel reads Vietnamese as mojibake.

Reading an uploaded workbook: the archive is measured before anything is unpacked (a few kilobytes can unpack to
gigabytes), its XML is parsed by defusedxml (no DTDs, no entity expansion), a damaged or truncated file is one
`UnreadableWorkbook` error whenever it shows, and the rows stop after a long run of empty ones, so that a sheet
declaring a million rows costs what its data costs.
"""

import contextlib
import csv
import io
import zipfile
from collections.abc import Iterable, Iterator

from flask_babel import to_user_timezone
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell

BOM = "\ufeff"
# An upload whose parts unpack to more than this is refused before it is opened.
MAX_UNPACKED_BYTES = 150 * 1024 * 1024
# This many empty rows in a row end a sheet's data.
BLANK_RUN = 1000
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


class UnreadableWorkbook(ValueError):
    """The upload is not a workbook that can be read safely; key says why ("damaged" or "too_big")."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def _check_archive(source) -> None:
    try:
        with zipfile.ZipFile(source) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise UnreadableWorkbook("damaged") from error
    if unpacked > MAX_UNPACKED_BYTES:
        raise UnreadableWorkbook("too_big")
    if hasattr(source, "seek"):
        source.seek(0)


@contextlib.contextmanager
def first_sheet(source, *, values_only: bool = True):
    """Open the first sheet of the workbook at source (a path or a binary file); yield how many rows it says it spans
    and an iterator of its rows. The size is read from the head of the sheet, so it costs nothing like the rows, but
    it is only the writer's word, and None when the writer left it out."""
    _check_archive(source)
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except Exception as error:  # openpyxl, zipfile and the XML parser raise many kinds of error
        raise UnreadableWorkbook("damaged") from error
    try:
        sheet = workbook.worksheets[0]
        yield sheet.max_row, _sheet_rows(sheet, values_only)
    finally:
        workbook.close()


def first_sheet_rows(source, *, values_only: bool = True) -> Iterator[tuple]:
    """Yield the rows of the first sheet of the workbook at source (a path or a binary file)."""
    with first_sheet(source, values_only=values_only) as (_size, rows):
        yield from rows


def _sheet_rows(sheet, values_only: bool) -> Iterator[tuple]:
    blank = 0
    rows = sheet.iter_rows(values_only=values_only)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as error:  # the sheet's XML is read lazily: damage shows here
            raise UnreadableWorkbook("damaged") from error
        cells = row if values_only else [cell.value for cell in row]
        if any(value not in (None, "") for value in cells):
            blank = 0
        else:
            blank += 1
            if blank >= BLANK_RUN:
                return
        yield row
