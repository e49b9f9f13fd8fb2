"""Write a list of initiatives to XLSX or CSV: the same columns, headers in the reader's language."""

from collections.abc import Callable, Iterable, Iterator

from flask_babel import lazy_gettext as _l

from core import spreadsheets
from core.spreadsheets import local_time
from initiatives.forms import FIELD_LABELS, STATUS_LABELS
from initiatives.queries import ExportRow


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
    (_l("Entered at"), lambda r: local_time(r.created_at)),
    (_l("Submitted at"), lambda r: local_time(r.submitted_at)),
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
    spreadsheets.write_xlsx(headers(), (values(row) for row in rows), target, str(_l("Initiatives")))


def csv_chunks(rows: Iterable[ExportRow]) -> Iterator[bytes]:
    """Yield the CSV file in pieces, headers first."""
    return spreadsheets.csv_chunks(headers(), (values(row) for row in rows))
