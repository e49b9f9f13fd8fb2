"""The union tree: browse, add, edit, move and import units; emulation blocs; the audit trail."""

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core.access import permission_required, public
from core.audit_text import describe
from core.downloads import csv_download, xlsx_written
from core.extensions import db
from core.timeutil import local_today
from core.web import commit_service, load_or_404, page_number, run_in_transaction
from jobs.exports import is_large, queue_export
from unions import audit_export, permissions, unit_services
from unions.audit_requests import AuditRefused, read_audit_request
from unions.export_jobs import AUDIT_EXPORT_JOB
from unions.forms import (
    LEVEL_LABELS,
    BlocForm,
    EditUnitForm,
    MoveUnitForm,
    TreeImportForm,
    UnitForm,
)
from unions.levels import JOINABLE_LEVELS, UnitLevel
from unions.models import Bloc, Unit
from unions.queries import (
    count_audit,
    count_subtree,
    get_ancestors,
    get_blocs_of,
    get_blocs_within,
    get_children,
    get_moves,
    get_unit_by_code,
    get_units_by_codes,
    get_units_by_ids,
    search_units,
)
from unions.tree_files import TreeFileError, read_tree_file
from unions.tree_messages import file_error_text, problem_text

bp = Blueprint("units", __name__, url_prefix="/units")


@bp.get("/search.json")
@public
def search():
    """Suggest units by name or code; visitors see only the unions members can join."""
    text = request.args.get("q", "").strip()
    if len(text) < 2:
        return jsonify(results=[])
    if permissions.can_administer(current_user):
        units = search_units(text, within=permissions.admin_scopes(current_user))
    else:
        units = search_units(text, levels=JOINABLE_LEVELS)
    parents = get_units_by_ids(u.parent_id for u in units)
    return jsonify(results=[{
        "code": u.code, "name": u.name, "level": str(LEVEL_LABELS[u.level]),
        "parent": parents[u.parent_id].name if u.parent_id in parents else "",
    } for u in units])


@bp.get("")
@permission_required(lambda user: permissions.can_manage_members(user) or permissions.can_administer(user))
def index():
    """Show the top of the user's part of the tree."""
    scope_units = sorted({a.unit for a in current_user.roles}, key=lambda u: (u.depth, u.name))
    return render_template("unions/units.html", scope_units=scope_units, level_labels=LEVEL_LABELS)


@bp.get("/by-code/<code>")
def by_code(code: str):
    """Open a unit's page from its code."""
    unit = get_unit_by_code(code)
    if unit is None:
        abort(404)
    return redirect(url_for(".show", unit_id=unit.id))


@bp.get("/<int:unit_id>")
def show(unit_id: int):
    """Show a unit: where it sits, what is below it, its history and blocs."""
    unit = load_or_404(Unit, unit_id, permissions.can_view_unit)
    return render_template("unions/unit.html", unit=unit, ancestors=get_ancestors(unit), children=get_children(unit),
                           counts=count_subtree(unit), moves=get_moves(unit), blocs=get_blocs_of(unit),
                           level_labels=LEVEL_LABELS)


@bp.route("/<int:unit_id>/children/new", methods=["GET", "POST"])
def create_child(unit_id: int):
    """Add a unit directly below this one."""
    parent = load_or_404(Unit, unit_id, permissions.can_create_unit_under)
    form = UnitForm()
    if form.validate_on_submit():
        unit = commit_service(form, unit_services.create_unit, current_user, parent=parent, code=form.code.data,
                              name=form.name.data, level=UnitLevel(form.level.data),
                              member_count=form.member_count.data)
        if unit:
            flash(_("The unit %(name)s was added.", name=unit.name), "success")
            return redirect(url_for(".show", unit_id=unit.id))
    return render_template("unions/unit_form.html", form=form, parent=parent)


@bp.route("/<int:unit_id>/edit", methods=["GET", "POST"])
def edit(unit_id: int):
    """Rename a unit or correct its member count."""
    unit = load_or_404(Unit, unit_id, permissions.can_administer_unit)
    form = EditUnitForm(obj=unit)
    if form.validate_on_submit() and commit_service(form, unit_services.update_unit, current_user, unit,
                                                    name=form.name.data, member_count=form.member_count.data):
        flash(_("The unit was saved."), "success")
        return redirect(url_for(".show", unit_id=unit.id))
    return render_template("unions/unit_edit.html", form=form, unit=unit)


@bp.route("/<int:unit_id>/move", methods=["GET", "POST"])
def move(unit_id: int):
    """Move a unit, with everything below it, under a new parent."""
    unit = load_or_404(Unit, unit_id, lambda user, u: permissions.can_administer_unit(user, u.parent or u))
    form = MoveUnitForm()
    if form.validate_on_submit():
        new_parent = get_unit_by_code(form.new_parent.data)
        if new_parent is None:
            form.new_parent.errors = [_("No unit has this code.")]
        elif not permissions.can_move_unit(current_user, unit, new_parent):
            form.new_parent.errors = [_("You do not administer %(name)s.", name=new_parent.name)]
        elif commit_service(form, unit_services.move_unit, current_user, unit, new_parent, form.reason.data):
            flash(_("%(name)s now sits under %(parent)s.", name=unit.name, parent=new_parent.name), "success")
            return redirect(url_for(".show", unit_id=unit.id))
    return render_template("unions/unit_move.html", form=form, unit=unit)


@bp.route("/import", methods=["GET", "POST"])
@permission_required(permissions.can_administer)
def import_tree():
    """Import units from a CSV or XLSX file: every row is checked, and nothing is written unless all pass."""
    form = TreeImportForm()
    report, file_error, imported = None, None, None
    if form.validate_on_submit():
        upload = form.file.data
        try:
            rows = read_tree_file(upload.filename, upload.read())
            imported = len(run_in_transaction(unit_services.import_tree_or_refuse, current_user, rows,
                                              may_attach=_may_attach).units)
        except TreeFileError as error:
            file_error = file_error_text(error)
        except unit_services.TreeRejected as rejected:
            report = [(problem, problem_text(problem)) for problem in rejected.check.problems]
    status = 400 if (report or file_error or form.errors) else 200
    return render_template("unions/import.html", form=form, report=report, file_error=file_error,
                           imported=imported), status


def _may_attach(parent_code: str | None) -> bool:
    if parent_code is None:
        return permissions.is_system_admin(current_user)
    return permissions.can_create_unit_under(current_user, get_unit_by_code(parent_code))


@bp.get("/blocs")
@permission_required(permissions.can_administer)
def blocs():
    """List the emulation blocs defined in the user's subtrees."""
    return render_template("unions/blocs.html", blocs=get_blocs_within(permissions.admin_scopes(current_user)))


@bp.route("/<int:unit_id>/blocs/new", methods=["GET", "POST"])
def create_bloc(unit_id: int):
    """Define an emulation bloc or cluster among the units below this one."""
    owner = load_or_404(Unit, unit_id, permissions.can_administer_unit)
    form = BlocForm()
    if form.validate_on_submit():
        units = _units_from_codes(form)
        if units is not None:
            bloc = commit_service(form, unit_services.create_bloc, current_user, owner=owner, name=form.name.data,
                                  kind=form.kind.data, units=units)
            if bloc:
                flash(_("The bloc %(name)s was created.", name=bloc.name), "success")
                return redirect(url_for(".edit_bloc", bloc_id=bloc.id))
    return render_template("unions/bloc_form.html", form=form, owner=owner, bloc=None)


@bp.route("/blocs/<int:bloc_id>", methods=["GET", "POST"])
def edit_bloc(bloc_id: int):
    """Show a bloc and change its units."""
    bloc = load_or_404(Bloc, bloc_id, lambda user, b: permissions.can_administer_unit(user, b.owner_unit))
    form = BlocForm(obj=bloc, units="\n".join(u.code for u in bloc.units) if request.method == "GET" else None)
    del form.name, form.kind
    if form.validate_on_submit():
        units = _units_from_codes(form)
        if units is not None and commit_service(form, unit_services.set_bloc_units, current_user, bloc, units):
            flash(_("The bloc was saved."), "success")
            return redirect(url_for(".edit_bloc", bloc_id=bloc.id))
    return render_template("unions/bloc_form.html", form=form, owner=bloc.owner_unit, bloc=bloc)


def _units_from_codes(form) -> list[Unit] | None:
    codes = [c.strip() for c in (form.units.data or "").replace(",", "\n").splitlines() if c.strip()]
    units = get_units_by_codes(codes)
    unknown = sorted(set(codes) - {u.code for u in units})
    if unknown:
        form.units.errors = [_("Unknown unit codes: %(codes)s", codes=", ".join(unknown))]
        return None
    return units


def _audit_request():
    """Return the filter form and the audit query the query string asks for, within the user's subtrees."""
    try:
        return read_audit_request(current_user, request.args)
    except AuditRefused as refused:
        abort(400, refused.message)


@bp.get("/audit")
@permission_required(permissions.can_administer)
def audit():
    """Read the audit trail of the user's subtrees, newest first, as sentences, with filters."""
    form, query = _audit_request()
    page = db.paginate(query, page=page_number(), per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("unions/audit.html", page=page, lines=describe(page.items), form=form)


@bp.get("/audit/export.<extension>")
@permission_required(permissions.can_administer)
def export_audit(extension: str):
    """Download the audit trail of the user's subtrees, with the page's filters, as XLSX or CSV."""
    if extension not in ("xlsx", "csv"):
        abort(404)
    _form, query = _audit_request()
    name = f"nhat-ky-{local_today().isoformat()}.{extension}"
    count = count_audit(query)
    if is_large(count):
        return queue_export(current_user, AUDIT_EXPORT_JOB, {"args": request.args.to_dict(), "extension": extension,
                                                             "name": name}, total=count)
    entries = db.session.scalars(query.execution_options(yield_per=audit_export.BATCH))
    if extension == "csv":
        return csv_download(audit_export.csv_chunks(entries), name)
    return xlsx_written(lambda workbook: audit_export.write_xlsx(entries, workbook), name)
