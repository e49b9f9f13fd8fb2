"""The audit trail as a table to download: the sentences the page shows, beside the codes and recorded details a
later check needs (who, when, what, before → after, and the unit)."""

import json
from collections.abc import Iterable, Iterator
from itertools import islice

from flask_babel import lazy_gettext as _l

from core import spreadsheets
from core.audit_text import AuditLine, describe
from core.spreadsheets import local_time

# Entries are named (one lookup per kind of object) this many at a time.
BATCH = 500
# A sheet holds 1,048,576 rows in Excel, the headers included; the CSV has no such limit.
XLSX_MAX_ROWS = 1_048_575


def _details(line: AuditLine):
    if line.withheld:
        return None
    return json.dumps(line.entry.details, ensure_ascii=False, sort_keys=True, default=str) if line.entry.details \
        else None


COLUMNS = (
    (_l("Entry no."), lambda line: line.entry.id),
    (_l("Time"), lambda line: local_time(line.entry.at)),
    (_l("Who"), lambda line: line.actor),
    (_l("Action"), lambda line: line.action),
    (_l("Object"), lambda line: line.object_text),
    (_l("Unit code"), lambda line: line.entry.unit.code if line.entry.unit else None),
    (_l("Unit"), lambda line: line.unit),
    (_l("Changes"), lambda line: "; ".join(f"{label}: {value}" for label, value in line.changes) or None),
    (_l("Action code"), lambda line: line.entry.action),
    (_l("Recorded details"), _details),
)


def _headers() -> list[str]:
    return [str(title) for title, _value in COLUMNS]


def rows(entries: Iterable) -> Iterator[list]:
    """Yield the cells of each entry (named a batch at a time)."""
    entries = iter(entries)
    while batch := list(islice(entries, BATCH)):
        for line in describe(batch):
            yield [value(line) for _title, value in COLUMNS]


def write_rows_xlsx(cells: Iterable[list], target) -> None:
    """Write the cells of entries (newest first, as the page lists them) to target as a workbook of one sheet."""
    spreadsheets.write_xlsx(_headers(), islice(cells, XLSX_MAX_ROWS), target, str(_l("Audit trail")))


def rows_csv_chunks(cells: Iterable[list]) -> Iterator[bytes]:
    """Yield the cells of entries as CSV in pieces, headers first."""
    return spreadsheets.csv_chunks(_headers(), cells)


def write_xlsx(entries: Iterable, target) -> None:
    """Write the entries (newest first, as the page lists them) to target as a workbook of one sheet."""
    write_rows_xlsx(rows(entries), target)


def csv_chunks(entries: Iterable) -> Iterator[bytes]:
    """Yield the entries as CSV in pieces, headers first."""
    return rows_csv_chunks(rows(entries))
