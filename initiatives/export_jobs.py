"""The list of initiatives written by a worker when it is too long for a request (see jobs.exports)."""

from core.i18n import N_
from initiatives import export
from initiatives.list_requests import ListRefused, read_list_request
from initiatives.queries import EXPORT_BATCH, export_ids, get_export_rows
from jobs.exports import Export, read_in_batches
from jobs.files import chunk_writer
from jobs.kinds import JobFailed

EXPORT_JOB = "initiatives.export"


def build_list_export(user, params: dict) -> Export:
    """Return the list params ask for as user sees it now (see jobs.exports.export_kind)."""
    try:
        viewer, filters, unit = read_list_request(user, params["args"])
    except ListRefused as refused:
        raise JobFailed(N_("You may no longer export this list.")) from refused
    write = chunk_writer(export.csv_chunks) if params["extension"] == "csv" else export.write_xlsx
    ids = export_ids(viewer, filters, unit)
    rows = read_in_batches(ids, lambda batch: get_export_rows(viewer, batch, filters.sort), EXPORT_BATCH)
    return Export(params["name"], rows, write, len(ids))
