"""Lists of initiatives with filters, search, sorting and pages, and their export to XLSX and CSV."""

from flask import Blueprint, abort, current_app, render_template, request
from flask_login import current_user

from core.downloads import csv_download, xlsx_written
from core.timeutil import local_today
from core.web import page_number
from initiatives import export
from initiatives.forms import FIELD_LABELS, STATUS_LABELS
from initiatives.queries import (
    SORTS,
    FilterError,
    ScopeRefused,
    get_page,
    get_programmes,
    iter_export_rows,
    read_list_request,
)

bp = Blueprint("initiative_lists", __name__)

def _requested_list():
    """Return the viewer, filters and unit the query string asks for: 400 on a bad value, 403 on a foreign scope."""
    try:
        return read_list_request(current_user, request.args)
    except FilterError as error:
        abort(400, str(error.message))
    except ScopeRefused:
        abort(403)


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
    viewer, filters, unit = _requested_list()
    return xlsx_written(lambda workbook: export.write_xlsx(iter_export_rows(viewer, filters, unit), workbook),
                        _download_name("xlsx"))


@bp.get("/initiatives/export.csv")
def export_csv():
    """Download the list, with the same filters, as CSV in UTF-8 that Excel opens with its diacritics."""
    viewer, filters, unit = _requested_list()
    return csv_download(export.csv_chunks(iter_export_rows(viewer, filters, unit)), _download_name("csv"))
