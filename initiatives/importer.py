"""Officers' entry of initiatives: the Excel template, reading and checking an upload, saving it, its report.

The template's first sheet has one column per code of ``import_rows.COLUMNS``. Row 1 holds the headings in
Vietnamese, row 2 (hidden) the codes, and every row below one initiative. The reader finds the columns by their
codes, so headings may be reworded and columns moved or left out; a second sheet lists the accepted fields, by
label and code. An upload is kept outside the web root (``instance/imports``, through ``initiatives.storage``)
under a generated name whose stem is the import's token, so that the confirm step and the report read it again.
"""

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy import or_, select, update

from core.audit import record_audit
from core.errors import DomainError
from core.extensions import db
from core.text import fold
from core.timeutil import utcnow
from initiatives import services
from initiatives.filetypes import FileKind, FileRejected, inspect_upload
from initiatives.forms import FIELD_LABELS
from initiatives.import_models import ImportBatch, ImportStatus
from initiatives.import_rows import (
    AUTHOR_PARTS,
    COLUMNS,
    IMPORT_AUTHORS,
    TEXT_COLUMNS,
    YES_NO_COLUMNS,
    author_column,
    contact_key,
    is_blank,
    merge_problems,
    parse_row,
)
from initiatives.messages import problem_text
from initiatives.models import Initiative, InitiativeAuthor, Programme
from initiatives.rules import Field, Problem
from initiatives.storage import store, stored_path
from unions.levels import JOINABLE_LEVELS
from unions.models import Unit, User
from unions.permissions import can_manage_members_of
from unions.roles import MEMBER_MANAGERS, AccountStatus

MAX_ROWS = 10_000
MAX_BYTES = 20 * 1024 * 1024
TEMPLATE_LANGUAGE = "vi"
# The codes may sit on any of the first rows, below headings that people add.
HEADER_SCAN_ROWS = 5
# The words the template offers in yes/no columns; the reader takes English ones too.
YES_NO_CHOICES = '"có,không"'
SHARE_COLUMNS = frozenset(author_column(n, "share") for n in range(1, IMPORT_AUTHORS + 1))

COLUMN_LABELS = {
    "title": _l("Title"),
    "field": _l("Field"),
    "problem": _l("The problem and the situation before"),
    "solution": _l("The solution: content and steps"),
    "novelty": _l("What is new compared with what existed"),
    "first_applied_on": _l("Date first applied (or trial-applied)"),
    "applied_where": _l("Where it was applied"),
    "conditions": _l("Conditions needed to apply it"),
    "effect": _l("Effect and benefit"),
    "benefit_vnd": _l("Benefit (VND per year)"),
    "benefit_method": _l("How the benefit was calculated"),
    "benefit_not_computable": _l("The benefit cannot be computed in money"),
    "benefit_description": _l("Description of the benefit"),
    "investor": _l("Investor or funding unit"),
    "confidential": _l("Confidential"),
    "submitter_contact": _l("Submitter's e-mail or phone"),
}
COLUMN_NOTES = {
    "field": _l("A field from the sheet of fields, by its name or its code."),
    "first_applied_on": _l("A date cell, or text written dd/mm/yyyy."),
    "benefit_vnd": _l("A whole number of VND, e.g. 120000000."),
    "benefit_not_computable": _l("có or không (yes or no); empty means không."),
    "confidential": _l("có or không (yes or no); empty means không."),
    "submitter_contact": _l("Optional: the e-mail or phone of the member's account in your union. Without an account "
                            "found, the initiative is submitted in the name of the officer who imports it."),
    "author_1_share": _l("Contributions must add up to 100%."),
}


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


def column_label(code: str) -> str:
    """Return the heading of a template column."""
    if code in COLUMN_LABELS:
        return str(COLUMN_LABELS[code])
    position, part = code.split("_")[1:]
    labels = {"name": _("Author %(n)s: name", n=position), "workplace": _("Author %(n)s: workplace", n=position),
              "share": _("Author %(n)s: contribution (%%)", n=position)}
    return labels[part]


def row_problem_text(problem: Problem) -> str:
    """Return the translated reason for a problem of a row, the import's own or a rule's."""
    p = problem.params
    texts = {
        "too_long": lambda: _("%(column)s: at most %(n)s characters.", column=column_label(problem.field), n=p[0]),
        "field_unknown": lambda: _("Unknown field “%(value)s”: use a name or code from the sheet of fields.",
                                   value=p[0]),
        "date_invalid": lambda: _("“%(value)s” is not a date: write it as dd/mm/yyyy.", value=p[0]),
        "amount_invalid": lambda: _("“%(value)s” is not a whole number of VND.", value=p[0]),
        "yes_no_invalid": lambda: _("%(column)s: write “có” or “không”, not “%(value)s”.",
                                    column=column_label(problem.field), value=p[0]),
        "author_name_missing": lambda: _("Author %(n)s: enter the name.", n=p[0]),
        "author_too_long": lambda: _("Author %(n)s: the name or the workplace is longer than %(limit)s characters.",
                                     n=p[0], limit=p[1]),
        "contact_invalid": lambda: _("“%(value)s” is neither an e-mail address nor a phone number.",
                                     value=p[0]),
    }
    return texts[problem.key]() if problem.key in texts else problem_text(problem)


def file_error_text(key: str) -> str:
    """Return the translated reason why a whole upload was refused."""
    texts = {
        "not_xlsx": lambda: _("Choose an Excel workbook (.xlsx), made from the template."),
        "too_large": lambda: _("The file is larger than %(n)s MB.", n=MAX_BYTES // (1024 * 1024)),
        "not_template": lambda: _("This workbook is not the import template: download the template and copy your "
                                  "rows into it."),
        "too_many_rows": lambda: _("At most %(n)s rows per file: split the workbook.", n=MAX_ROWS),
        "empty": lambda: _("The workbook has no initiative rows."),
    }
    return texts[key]()


# The template and the report


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


# Reading and checking


def read_rows(source) -> list[tuple[int, dict]]:
    """Return the filled rows of a template workbook (a path or a binary file) as (row number, {code: value})."""
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
        try:
            return _rows(workbook.worksheets[0])
        finally:
            workbook.close()
    except ImportFileError:
        raise
    except Exception as error:  # openpyxl and zipfile raise many kinds of error for a damaged workbook
        raise ImportFileError("not_xlsx") from error


def _rows(sheet) -> list[tuple[int, dict]]:
    rows, positions = [], None
    for number, cells in enumerate(sheet.iter_rows(), start=1):
        if positions is None:
            positions = _code_positions(cells)
            if positions is None and number >= HEADER_SCAN_ROWS:
                raise ImportFileError("not_template")
            continue
        values = {code: _value(code, cells[index]) if index < len(cells) else None
                  for code, index in positions.items()}
        if is_blank(values):
            continue
        if len(rows) == MAX_ROWS:
            raise ImportFileError("too_many_rows")
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
        checked.append(CheckedRow(number, data, members.get(parsed.contact), problems))
    return checked


def batch_path(batch: ImportBatch) -> Path:
    """Return where the workbook of an import is kept."""
    return stored_path(_imports_root(), f"{batch.token}.{FileKind.XLSX.extension}")


def check_batch(batch: ImportBatch, today: date) -> list[CheckedRow]:
    """Read the kept workbook of an import again and check every row."""
    return check_rows(batch.programme, batch.unit, read_rows(batch_path(batch)), today)


def _imports_root() -> Path:
    return Path(current_app.instance_path) / "imports"


# Verbs: they flush; the caller commits.


def start_import(actor, *, programme: Programme, unit: Unit, upload) -> ImportBatch:
    """Keep an uploaded template workbook for preview and record it; refuse a file that cannot be imported."""
    try:
        with inspect_upload(upload.filename or "", upload.stream, MAX_BYTES) as inspected:
            if inspected.kind != FileKind.XLSX:
                raise ImportFileError("not_xlsx")
            row_count = len(read_rows(inspected.file))
            inspected.file.seek(0)
            stored = store(_imports_root(), inspected.file, FileKind.XLSX)
    except FileRejected as rejected:
        raise DomainError(file_error_text("too_large" if rejected.reason_key == "too_large" else "not_xlsx"),
                          "file") from None
    except ImportFileError as error:
        raise DomainError(file_error_text(error.key), "file") from None
    batch = ImportBatch(token=stored.stored_name.partition(".")[0], programme=programme, unit=unit,
                        uploaded_by_id=actor.id, original_name=(upload.filename or "")[:255], row_count=row_count)
    db.session.add(batch)
    db.session.flush()
    return batch


def row_token(batch: ImportBatch, number: int) -> str:
    """Return the submission token of the initiative made from a row: it ties the two together for the report."""
    return f"{_row_prefix(batch)}{number}"


def _row_prefix(batch: ImportBatch) -> str:
    return f"{batch.token}-"


def save_import(actor, batch: ImportBatch, today: date) -> int:
    """Submit every valid row of a previewed import as an initiative of its union, only once; return how many."""
    _decide(actor, batch, ImportStatus.SAVED)
    rows = check_batch(batch, today)
    valid = [row for row in rows if row.ok]
    # The claim above makes the save happen once; each row's token links the report to what it became. The officer
    # entered every row, even one that stands in a member's name.
    drafts = services.submit_many(actor, programme=batch.programme, unit=batch.unit, today=today,
                                  items=[(row.data, row.submitter, row_token(batch, row.number)) for row in valid])
    saved = len(drafts)
    batch.saved_count = saved
    record_audit(actor, "initiative.import", batch, unit=batch.unit, token=batch.token, file=batch.original_name,
                 programme_id=batch.programme_id, rows=len(rows), saved=saved, skipped=len(rows) - saved)
    return saved


def cancel_import(actor, batch: ImportBatch) -> None:
    """Drop a previewed import: nothing of it is saved."""
    _decide(actor, batch, ImportStatus.CANCELLED)
    record_audit(actor, "initiative.import_cancel", batch, unit=batch.unit, token=batch.token,
                 file=batch.original_name, programme_id=batch.programme_id, rows=batch.row_count)


def _decide(actor, batch: ImportBatch, outcome: ImportStatus) -> None:
    """Move a previewed import to its outcome, or refuse when another request (a double click) got there first."""
    # One conditional UPDATE: a concurrent second request waits on the row and then matches nothing.
    claimed = db.session.execute(
        update(ImportBatch).where(ImportBatch.id == batch.id, ImportBatch.status == ImportStatus.PREVIEWED)
        .values(status=outcome, decided_at=utcnow(), decided_by_id=actor.id)).rowcount
    if claimed != 1:
        raise DomainError(_l("This import was already saved or cancelled."))


def saved_rows(batch: ImportBatch) -> dict[int, int]:
    """Return {row number: initiative id} for the rows an import saved."""
    prefix = _row_prefix(batch)
    found = db.session.execute(select(Initiative.submission_token, Initiative.id)
                               .where(Initiative.submission_token.startswith(prefix, autoescape=True)))
    return {int(token[len(prefix):]): initiative_id for token, initiative_id in found}


# The officer's entry of one initiative


def officer_unions(user, programme: Programme) -> list[Unit]:
    """Return the grassroots unions taking part in programme whose members user manages, by name."""
    candidates = {a.unit for a in user.roles if a.role in MEMBER_MANAGERS}
    if user.unit is not None:
        candidates.add(user.unit)
    return sorted((unit for unit in candidates
                   if unit.level in JOINABLE_LEVELS and unit.dissolved_at is None
                   and unit.path.startswith(programme.owner_unit.path) and can_manage_members_of(user, unit)),
                  key=lambda unit: (unit.name, unit.id))


def find_member(unit: Unit, contact: str) -> User | None:
    """Return the active member of unit with this e-mail address or phone number (ValueError if it is neither)."""
    key = contact_key(contact)
    return db.session.scalar(select(User).where(User.unit_id == unit.id, User.status == AccountStatus.ACTIVE,
                                                or_(User.email == key, User.phone == key)))


def enter_initiative(actor, *, programme: Programme, unit: Unit, contact: str, data: services.InitiativeInput,
                     submission_token: str | None) -> Initiative:
    """Save a draft that an officer enters for a member of unit, or in the officer's name when contact is empty."""
    member = None
    if (contact or "").strip():
        try:
            member = find_member(unit, contact)
        except ValueError:
            raise DomainError(_l("Enter an e-mail address or a phone number."), "member") from None
        if member is None:
            raise DomainError(_l("No active member of %(union)s has this e-mail address or phone number.",
                                 union=unit.name), "member")
    initiative = services.save_draft(actor, programme=programme, unit=unit, data=data, submitter=member,
                                     submission_token=submission_token)
    initiative.entered_by = actor
    return initiative
