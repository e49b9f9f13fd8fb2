"""The workbooks of the Excel import: the template an officer fills in, and the report of what became of each row.

The template's second sheet lists the accepted fields, by label and code.
"""

import io
from datetime import date

from flask_babel import force_locale
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from initiatives.forms import FIELD_LABELS
from initiatives.import_messages import COLUMN_NOTES, column_label, row_problem_text
from initiatives.import_models import ImportBatch, ImportStatus
from initiatives.import_reader import MAX_ROWS, CheckedRow, check_batch
from initiatives.import_rows import COLUMNS, YES_NO_COLUMNS
from initiatives.import_services import saved_rows
from initiatives.models import Programme
from initiatives.rules import Field

TEMPLATE_LANGUAGE = "vi"
# The words the template offers in yes/no columns; the reader takes English ones too.
YES_NO_CHOICES = '"có,không"'


def template_workbook(programme: Programme) -> bytes:
    """Return the template workbook for programme: headings in Vietnamese, hidden codes, the accepted fields."""
    with force_locale(TEMPLATE_LANGUAGE):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = _("Initiatives")[:31]
        sheet.append([column_label(code) for code in COLUMNS])
        sheet.append(list(COLUMNS))
        sheet.row_dimensions[2].hidden = True
        sheet.freeze_panes = "A3"
        for index, code in enumerate(COLUMNS, start=1):
            heading = sheet.cell(row=1, column=index)
            heading.font = Font(bold=True)
            heading.alignment = Alignment(wrap_text=True, vertical="top")
            heading.fill = PatternFill("solid", fgColor="DDEBF7")
            if code in COLUMN_NOTES:
                heading.comment = Comment(str(COLUMN_NOTES[code]), "")
            sheet.column_dimensions[get_column_letter(index)].width = 14 if code.endswith("share") else 24
        fields = workbook.create_sheet(_("Fields")[:31])
        fields.append([_("Field"), _("Code")])
        accepted = [f for f in Field if not programme.fields or f.value in programme.fields]
        for accepted_field in accepted:
            fields.append([str(FIELD_LABELS[accepted_field]), accepted_field.value])
        fields.column_dimensions["A"].width = 40
        _add_choices(sheet, "field", f"'{fields.title}'!$A$2:$A${len(accepted) + 1}")
        for code in YES_NO_COLUMNS:
            _add_choices(sheet, code, YES_NO_CHOICES)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _add_choices(sheet, code: str, source: str) -> None:
    """Offer a drop-down list in a column without refusing other spellings, which the reader also accepts."""
    letter = get_column_letter(COLUMNS.index(code) + 1)
    validation = DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=False)
    validation.add(f"{letter}3:{letter}{MAX_ROWS + 2}")
    sheet.add_data_validation(validation)


def report_workbook(batch: ImportBatch, today: date) -> bytes:
    """Return a workbook listing every row of an import with its status, reasons and the initiative it became."""
    saved = saved_rows(batch)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Report")[:31])
    sheet.append([_("Row"), _("Status"), _("Reasons"), column_label("title"), _("Submitter"), _("Initiative")])
    for row in check_batch(batch, today):
        initiative_id = saved.get(row.number)
        reasons = "" if initiative_id else "\n".join(row_problem_text(p) for p in row.problems)
        submitter = row.submitter.full_name if row.submitter else _("The officer entering it")
        sheet.append([row.number, _row_status(batch, row, initiative_id), _as_text(sheet, reasons),
                      _as_text(sheet, row.data.title), _as_text(sheet, submitter), initiative_id])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _as_text(sheet, text: str) -> WriteOnlyCell:
    """Return a cell that shows text as typed: a title such as "=HYPERLINK(…)" must not become a live formula."""
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    return cell


def _row_status(batch: ImportBatch, row: CheckedRow, initiative_id: int | None) -> str:
    if initiative_id:
        return _("Saved")
    if not row.ok:
        return _("Has errors")
    return _("Ready to save") if batch.status == ImportStatus.PREVIEWED else _("Not saved")
