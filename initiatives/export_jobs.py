"""The list of initiatives written by a worker when it is too long for a request (see jobs.exports)."""

from core.i18n import N_
from initiatives import export
from initiatives.list_requests import ListRefused, read_list_request
from initiatives.queries import count_export_rows, iter_export_batches
from jobs.exports import Export
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
    return Export(params["name"], iter_export_batches(viewer, filters, unit), write,
                  count_export_rows(viewer, filters, unit))
