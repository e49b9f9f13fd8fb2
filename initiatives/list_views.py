"""Lists of initiatives with filters, search, sorting and pages, and their export to XLSX and CSV."""

from flask import Blueprint, abort, current_app, render_template, request
from flask_login import current_user

from core.downloads import csv_download, xlsx_written
from core.timeutil import local_today
from core.web import page_number
from initiatives import export as export_file
from initiatives.export_jobs import EXPORT_JOB
from initiatives.forms import FIELD_LABELS, STATUS_LABELS
from initiatives.list_requests import ListRefused, read_list_request
from initiatives.queries import (
    SORTS,
    count_export_rows,
    get_page,
    get_programmes,
    iter_export_rows,
)
from jobs.exports import is_large, queue_export

bp = Blueprint("initiative_lists", __name__)

def _requested_list():
    """Return the viewer, filters and unit the query string asks for: 400 on a bad value, 403 on a foreign scope."""
    try:
        return read_list_request(current_user, request.args)
    except ListRefused as refused:
        abort(refused.status, str(refused.message) if refused.message else None)


def _download_name(extension: str) -> str:
    return f"sang-kien-{local_today().isoformat()}.{extension}"


@bp.get("/initiatives")
def index():
    """List the initiatives the user may see: their union's or subtree's, their own, or every public one."""
    viewer, filters, unit = _requested_list()
    page = get_page(viewer, filters, page_number(), current_app.config["PAGE_SIZE"], unit)
    return render_template("initiatives/list.html", page=page, filters=filters, unit=unit, viewer=viewer,
                           programmes=get_programmes(), sorts=SORTS, status_labels=STATUS_LABELS,
                           field_labels=FIELD_LABELS)


@bp.get("/initiatives/export.xlsx")
def export_xlsx():
    """Download the list, with the same filters, as an Excel workbook."""
    return _export("xlsx")


@bp.get("/initiatives/export.csv")
def export_csv():
    """Download the list, with the same filters, as CSV in UTF-8 that Excel opens with its diacritics."""
    return _export("csv")


def _export(extension: str):
    """Answer with the file, or send a long list to a worker and the user to the job's page."""
    viewer, filters, unit = _requested_list()
    name = _download_name(extension)
    count = count_export_rows(viewer, filters, unit)
    if is_large(count):
        # The scope is kept as resolved: a user who loses their union's list meanwhile gets no other list instead.
        args = {**request.args.to_dict(), "scope": filters.scope}
        return queue_export(current_user, EXPORT_JOB, {"args": args, "extension": extension, "name": name},
                            total=count)
    if extension == "csv":
        return csv_download(export_file.csv_chunks(iter_export_rows(viewer, filters, unit)), name)
    return xlsx_written(lambda workbook: export_file.write_xlsx(iter_export_rows(viewer, filters, unit), workbook),
                        name)
