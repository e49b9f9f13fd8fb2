"""Quota pages: a unit's progress dashboard, its exports and printed report, the initiatives behind its count, its
targets, what counts in a programme, the public progress page, and the quota-gaming indicators."""

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core.access import permission_required, public
from core.downloads import csv_download, xlsx_download
from core.timeutil import local_today
from core.web import commit_service, flash_form_errors, load_or_404, page_number
from initiatives.forms import FIELD_LABELS, STATUS_LABELS
from initiatives.models import Programme
from jobs.exports import is_large, queue_export
from quota import dashboard, explain, permissions, reports, services, target_files, target_page
from quota.export_jobs import EXPORT_JOB
from quota.forms import COUNTS_FROM_LABELS, ChildTargetsForm, OwnTargetsForm, SettingForm, TargetUploadForm
from quota.indicator_queries import get_signal_rows
from quota.indicators import unit_signals
from quota.models import WHOLE_PROGRAMME, TargetKind
from quota.queries import get_counts_from, get_public_settings, get_setting, get_targets
from unions.models import Unit
from unions.queries import get_ancestors, get_children
from unions.sizes import get_sizes

bp = Blueprint("quota", __name__)

# The unit's own targets: the form field that carries each, and who may set it.
_OWN_TARGETS = {TargetKind.ASSIGNED: ("assigned", permissions.can_set_assigned_target),
                TargetKind.SELF_SET: ("self_set", permissions.can_set_own_target)}
CHILDREN_SHOWN = 60
SIGNAL_ROWS = 500
SIGNAL_SORTS = ("share", "duplicated", "bursts", "resubmissions", "initiatives", "name")


def _taking_part(programme: Programme, unit: Unit) -> None:
    """Answer 404 unless unit lies in the programme's tree."""
    if not unit.path.startswith(programme.owner_unit.path):
        abort(404)


def _load(programme_id: int, unit_id: int, predicate) -> tuple[Programme, Unit]:
    """Load a programme and a unit of its tree, or refuse (404 unknown, 403 not allowed)."""
    programme = load_or_404(Programme, programme_id)
    unit = load_or_404(Unit, unit_id)
    _taking_part(programme, unit)
    if not predicate(current_user, unit):
        abort(403)
    return programme, unit


def _ancestors_in(programme: Programme, unit: Unit) -> list[Unit]:
    """Return the units above unit that take part in the programme (the breadcrumbs of its dashboard)."""
    return [a for a in get_ancestors(unit) if a.path.startswith(programme.owner_unit.path)]


def _as_of(programme: Programme) -> date:
    """Return the day asked for (?as_of=yyyy-mm-dd); by default today, or the closing day of a programme that has
    closed; never a day after either."""
    raw = (request.args.get("as_of") or "").strip()
    if not raw:
        return dashboard.as_of_day(programme)
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        abort(400, _("This value is not a valid date."))
    return dashboard.as_of_day(programme, day)


def _phase_key(programme: Programme) -> int:
    raw = (request.args.get("phase") or "").strip()
    if not raw:
        return WHOLE_PROGRAMME
    if not raw.isdigit() or int(raw) not in {phase.id for phase in programme.phases}:
        abort(400, _("Choose a phase of this programme."))
    return int(raw)


def _shown() -> dict:
    """Return how many of the units below a dashboard lists before "show all"."""
    return {"show_all": request.args.get("all") == "1", "children_shown": CHILDREN_SHOWN}


def _sort() -> str:
    sort = request.args.get("sort", "percent")
    if sort not in dashboard.SORTS:
        abort(400)
    return sort


@bp.get("/quota")
@permission_required(permissions.can_view_any_progress)
def index():
    """List the programmes and units whose progress the user may open."""
    return render_template("quota/index.html", entries=reports.progress_entries(current_user, local_today()))


@bp.get("/quota/programmes/<int:programme_id>/units/<int:unit_id>")
def show(programme_id: int, unit_id: int):
    """Show a unit's progress in a programme as of a day, with its children, blocs, chart and units at risk."""
    programme, unit = _load(programme_id, unit_id, permissions.can_view_progress)
    board = dashboard.build(programme, unit, _as_of(programme), _sort())
    return render_template("quota/dashboard.html", board=board, unit=unit, ancestors=_ancestors_in(programme, unit),
                           chart=dashboard.chart_points(board), sort=_sort(), field_labels=FIELD_LABELS,
                           counts_from=COUNTS_FROM_LABELS[get_counts_from(programme.id)],
                           can_set_targets=permissions.can_set_own_target(current_user, unit)
                           or permissions.can_administer_children(current_user, unit), public=False,
                           today_iso=local_today().isoformat(), **_shown())


@bp.get("/quota/programmes/<int:programme_id>/units/<int:unit_id>/children.<extension>")
def export(programme_id: int, unit_id: int, extension: str):
    """Download the children table (as of the day asked for) as XLSX or CSV."""
    if extension not in ("xlsx", "csv"):
        abort(404)
    programme, unit = _load(programme_id, unit_id, permissions.can_view_progress)
    board = dashboard.build(programme, unit, _as_of(programme), _sort())
    name = f"tien-do-{unit.code}-{board.day.isoformat()}.{extension}"
    if is_large(len(board.children) + 1):
        return queue_export(current_user, EXPORT_JOB, {
            "programme_id": programme.id, "unit_id": unit.id, "as_of": board.day.isoformat(), "sort": _sort(),
            "extension": extension, "name": name}, total=len(board.children) + 1, unit=unit)
    if extension == "csv":
        return csv_download(reports.children_csv(board), name)
    return xlsx_download(reports.children_xlsx(board), name)


@bp.get("/quota/programmes/<int:programme_id>/units/<int:unit_id>/report")
def report(programme_id: int, unit_id: int):
    """Show the printable progress report of a unit, with the official sentence written out."""
    programme, unit = _load(programme_id, unit_id, permissions.can_view_progress)
    board = dashboard.build(programme, unit, _as_of(programme), "name")
    return render_template("quota/report.html", board=board, unit=unit, sentence=reports.official_sentence(board),
                           counts_from=COUNTS_FROM_LABELS[get_counts_from(programme.id)], today=local_today())


@bp.get("/quota/programmes/<int:programme_id>/units/<int:unit_id>/initiatives")
def counted(programme_id: int, unit_id: int):
    """List the initiatives behind a unit's count (as of a day), and the copies that no longer count."""
    programme, unit = _load(programme_id, unit_id, permissions.can_view_progress)
    day = _as_of(programme)
    page = explain.counted_page(programme, unit, day, page_number())
    return render_template("quota/counted.html", programme=programme, unit=unit, day=day, page=page,
                           copies=explain.judged_copies(programme, unit, day), status_labels=STATUS_LABELS,
                           counts_from=COUNTS_FROM_LABELS[get_counts_from(programme.id)])


@bp.route("/quota/programmes/<int:programme_id>/units/<int:unit_id>/targets", methods=["GET", "POST"])
def targets(programme_id: int, unit_id: int):
    """Set a unit's own targets and split its target among the units below it (by hand, by members, by file)."""
    programme, unit = _load(programme_id, unit_id, permissions.can_view_progress)
    phase_key = _phase_key(programme)
    page = target_page.build(programme, unit, phase_key)
    own_form, children_form = OwnTargetsForm(prefix="own"), ChildTargetsForm(prefix="children")
    action, rows, status = request.form.get("action"), None, 200
    # A workbook's proposal starts from the saved targets; a posted form keeps what was typed.
    target_page.fill(page, own_form, children_form, with_values=request.method == "GET" or action == "upload")
    if request.method == "POST":
        saved, rows = _post_targets(action, programme, unit, phase_key, page, own_form, children_form)
        if saved:
            return redirect(url_for(".targets", programme_id=programme.id, unit_id=unit.id, phase=phase_key or None))
        status = 400 if (rows and any(row.problems for row in rows)) or own_form.errors or children_form.errors \
            else 200
    return render_template("quota/targets.html", programme=programme, unit=unit, phase_key=phase_key, page=page,
                           own_form=own_form, children_form=children_form,
                           upload_form=TargetUploadForm(prefix="upload"), report_rows=rows,
                           can_assign=permissions.can_set_assigned_target(current_user, unit),
                           can_self_set=permissions.can_set_own_target(current_user, unit),
                           can_split=permissions.can_administer_children(current_user, unit)), status


def _post_targets(action, programme, unit, phase_key, page, own_form, children_form):
    """Carry out what the targets page posted; return (saved, the workbook's rows when one was read)."""
    if action == "own":
        posted = {kind: field for kind, (field, _may) in _OWN_TARGETS.items() if own_form[field].name in request.form}
        if not posted or any(not _OWN_TARGETS[kind][1](current_user, unit) for kind in posted):
            abort(403)
        if own_form.validate_on_submit() and commit_service(
                own_form, services.set_own_targets, current_user, programme, unit,
                {kind: own_form[field].data for kind, field in posted.items()}, phase_key):
            flash(_("The targets were saved."), "success")
            return True, None
        return False, None
    if action not in ("save", "split", "upload"):
        abort(400)
    if not permissions.can_administer_children(current_user, unit):
        abort(403)
    if action == "upload":
        upload_form = TargetUploadForm(prefix="upload")
        if not upload_form.validate_on_submit():
            flash_form_errors(upload_form)
            return False, None
        try:
            return False, target_page.propose_from_file(page, children_form, upload_form.file.data)
        except target_files.TargetFileError as error:
            flash(str(error), "danger")
            return False, None
    if not children_form.validate_on_submit():
        return False, None
    if action == "split":
        target_page.propose_split(page, children_form)
        return False, None
    if commit_service(children_form, services.set_child_targets, current_user, programme, unit,
                      target_page.child_values(children_form), phase_key):
        flash(_("The targets of the units below were saved."), "success")
        return True, None
    return False, None


@bp.get("/quota/programmes/<int:programme_id>/units/<int:unit_id>/targets/template.xlsx")
def targets_template(programme_id: int, unit_id: int):
    """Download the workbook of the children's targets to fill in."""
    programme, unit = _load(programme_id, unit_id, permissions.can_administer_children)
    phase_key = _phase_key(programme)
    children = get_children(unit)
    current = {unit_id: kinds.get(TargetKind.ASSIGNED)
               for unit_id, kinds in get_targets(programme.id, [c.id for c in children], phase_key).items()}
    sizes = {unit_id: size.members for unit_id, size in get_sizes([c.id for c in children]).items()}
    content = target_files.template_workbook(programme, unit, children, current, sizes)
    return xlsx_download(content, f"chi-tieu-{unit.code}.xlsx")


@bp.route("/quota/programmes/<int:programme_id>/settings", methods=["GET", "POST"])
def settings(programme_id: int):
    """Choose what counts toward a programme's targets and whether its progress is public."""
    programme = load_or_404(Programme, programme_id, permissions.can_manage_counting)
    setting = get_setting(programme.id)
    form = SettingForm(counts_from=str(get_counts_from(programme.id)), public=bool(setting and setting.public))
    if form.validate_on_submit() and commit_service(form, services.save_setting, current_user, programme,
                                                    counts_from=form.counts_from.data, public=form.public.data):
        flash(_("The programme's counting was saved; every figure follows it."), "success")
        return redirect(url_for(".settings", programme_id=programme.id))
    return render_template("quota/settings.html", programme=programme, form=form)


@bp.get("/progress")
@public
def public_index():
    """List the programmes whose progress is public."""
    return render_template("quota/public_index.html", settings=get_public_settings())


@bp.get("/progress/<int:programme_id>")
@public
def public_programme(programme_id: int):
    """Show a programme's public leaderboard: its owner's figures and those of the units below."""
    programme = _public_programme(programme_id)
    return redirect(url_for(".public_unit", programme_id=programme.id, unit_id=programme.owner_unit_id))


@bp.get("/progress/<int:programme_id>/units/<int:unit_id>")
@public
def public_unit(programme_id: int, unit_id: int):
    """Show a unit's public figures and the leaderboard of the units below it (counts only, no names of people)."""
    programme = _public_programme(programme_id)
    unit = load_or_404(Unit, unit_id)
    _taking_part(programme, unit)
    board = dashboard.build(programme, unit, _as_of(programme), _sort())
    return render_template("quota/dashboard.html", board=board, unit=unit,
                           ancestors=_ancestors_in(programme, unit),
                           chart=dashboard.chart_points(board), sort=_sort(), field_labels=FIELD_LABELS,
                           counts_from=COUNTS_FROM_LABELS[get_counts_from(programme.id)], can_set_targets=False,
                           public=True, today_iso=local_today().isoformat(), **_shown())


def _public_programme(programme_id: int) -> Programme:
    setting = get_setting(programme_id)
    if setting is None or not setting.public:
        abort(404)
    return setting.programme


@bp.get("/review/signals")
@permission_required(permissions.can_view_indicators)
def signals():
    """Show, per union of the administrator's subtree, the signs of chasing the quota with copies."""
    sort = request.args.get("sort", "share")
    if sort not in SIGNAL_SORTS:
        abort(400)
    ascending = request.args.get("order") == "asc"
    submissions, pairs, units = get_signal_rows(permissions.indicator_scopes(current_user))
    found = unit_signals(submissions, pairs)
    rows = [(units[unit_id], found[unit_id]) for unit_id in units]
    if sort == "name":
        rows.sort(key=lambda row: row[0].name, reverse=not ascending)
    else:
        rows.sort(key=lambda row: (getattr(row[1], sort) or 0, row[0].name), reverse=not ascending)
    return render_template("quota/signals.html", rows=rows[:SIGNAL_ROWS], total=len(rows), sort=sort,
                           ascending=ascending, limit=SIGNAL_ROWS)
