"""The audit trail written by a worker when it is too long for a request (see jobs.exports)."""

from core.i18n import N_
from jobs.exports import Export, read_in_batches
from jobs.files import chunk_writer
from jobs.kinds import JobFailed
from unions import audit_export, permissions
from unions.audit_requests import AuditRefused, read_audit_request
from unions.queries import audit_ids, get_audit_entries

AUDIT_EXPORT_JOB = "unions.audit_export"


def build_audit_export(user, params: dict) -> Export:
    """Return the audit trail params ask for as user may read it now (see jobs.exports.export_kind)."""
    if not permissions.can_administer(user):
        raise JobFailed(N_("You may no longer export this list."))
    try:
        _form, query = read_audit_request(user, params["args"])
    except AuditRefused as refused:
        raise JobFailed(N_("You may no longer export this list.")) from refused
    ids = audit_ids(query)
    # Each batch is written out as cells before its transaction ends: the entries expire with it.
    rows = read_in_batches(ids, lambda batch: list(audit_export.rows(get_audit_entries(query, batch))),
                           audit_export.BATCH)
    write = (chunk_writer(audit_export.rows_csv_chunks) if params["extension"] == "csv"
             else audit_export.write_rows_xlsx)
    return Export(params["name"], rows, write, len(ids))
