"""The JSON API at /api/v1: programmes, initiatives, units and quota progress, for the bearer of a token.

Each view is as thin as its web twin: load or 404, the same permission predicate (403), one query or service.
"""

from flask import abort, request
from flask_login import current_user
from flask_smorest import Blueprint

from api import schemas
from api.auth import finish_response, token_key
from api.errors import abort_domain, abort_filter, invalid_input
from api.services import submit_initiative, submit_new
from core.errors import DomainError
from core.ratelimit import rate_limited
from core.timeutil import local_today
from core.web import load_or_404, run_in_transaction
from initiatives import permissions as initiative_permissions
from initiatives.lifecycle import Step
from initiatives.list_requests import ListRefused, read_list_request
from initiatives.models import Initiative, Programme
from initiatives.queries import get_page, get_programmes_for
from quota import dashboard
from quota import permissions as quota_permissions
from review.queries import get_similar
from unions import permissions as union_permissions
from unions.levels import JOINABLE_LEVELS
from unions.models import Unit
from unions.queries import get_children, search_units

bp = Blueprint("api", __name__, url_prefix="/api/v1", description="The platform's data, for scripts and other systems")
bp.register_error_handler(422, invalid_input)
bp.after_request(finish_response)
rate_limited("api", methods=None, key=token_key)(bp)

SIMILAR_LIMIT = 5
UNIT_SEARCH_LIMIT = 100


def _page(items: list, args: dict, *, capped: bool = False) -> dict:
    """Return one page of a list held in full."""
    start = (args["page"] - 1) * args["per_page"]
    return _envelope(items[start:start + args["per_page"]], args["page"], args["per_page"], len(items), capped)


def _envelope(items, page: int, per_page: int, total: int, capped: bool = False) -> dict:
    return {"items": items, "page": {"page": page, "per_page": per_page, "total": total,
                                     "pages": max(1, -(-total // per_page)), "capped": capped}}


def _summary(initiative: Initiative, readable: bool) -> dict:
    return {"id": initiative.id, "title": initiative.title, "status": str(initiative.status),
            "programme_id": initiative.programme_id, "unit": initiative.unit, "submitted_at": initiative.submitted_at,
            "field": str(initiative.field) if readable and initiative.field else None, "readable": readable}


def _detail(initiative: Initiative) -> dict:
    full = initiative_permissions.can_view_full(current_user, initiative)
    content = None
    if full:
        content = {name: getattr(initiative, name) for name in (
            "problem", "solution", "novelty", "first_applied_on", "applied_where", "conditions", "benefit_vnd",
            "benefit_method", "benefit_not_computable", "benefit_description", "investor", "confidential")}
        content["authors"] = [{"name": a.name, "workplace": a.workplace,
                               "share": None if a.share is None else float(a.share)} for a in initiative.authors]
    return {**_summary(initiative, full), "phase_id": initiative.phase_id, "created_at": initiative.created_at,
            "effect": initiative.effect, "content": content}


@bp.get("/programmes")
@bp.arguments(schemas.PageArgs, location="query")
@bp.response(200, schemas.paged(schemas.ProgrammeSchema, "ProgrammePage"))
def programmes(args):
    """List the programmes the caller's union takes part in and those owned within the units they administer."""
    return _page(get_programmes_for(current_user), args)


@bp.get("/programmes/<int:programme_id>")
@bp.response(200, schemas.ProgrammeSchema)
def programme(programme_id: int):
    """Show a programme and its phases."""
    found = load_or_404(Programme, programme_id)
    if found not in get_programmes_for(current_user):
        abort(403)
    return found


@bp.get("/initiatives")
@bp.arguments(schemas.InitiativeListArgs, location="query")
@bp.response(200, schemas.paged(schemas.InitiativeSummary, "InitiativePage"))
def initiatives(args):
    """List the initiatives the caller may see, with the web list's filters: their union's or subtree's, their own,
    or every public one."""
    try:
        viewer, filters, unit = read_list_request(current_user, request.args)
    except ListRefused as refused:
        if refused.status == 403:
            abort(403)
        abort_filter(refused)
    page = get_page(viewer, filters, args["page"], args["per_page"], unit)
    return _envelope([_summary(initiative, readable) for initiative, readable in page.items], page.page,
                     page.per_page, page.total, page.capped)


@bp.get("/initiatives/<int:initiative_id>")
@bp.response(200, schemas.InitiativeDetail)
def initiative(initiative_id: int):
    """Show an initiative: in full when the caller may read it so, else its title, union, status and effect."""
    return _detail(load_or_404(Initiative, initiative_id, initiative_permissions.can_view))


@bp.post("/programmes/<int:programme_id>/initiatives")
@bp.arguments(schemas.NewInitiative)
@bp.response(201, schemas.InitiativeDetail)
@bp.alt_response(409, schema=schemas.DuplicateWarning, description="Likely duplicates: nothing was saved")
def create_initiative(data, programme_id: int):
    """Save a new initiative of the caller's union as a draft, or submit it at once (all or nothing)."""
    found = load_or_404(Programme, programme_id, initiative_permissions.can_start_in)
    try:
        created = run_in_transaction(submit_new, current_user._get_current_object(), found, data, local_today())
    except DomainError as error:
        abort_domain(error)
    return _detail(created)


@bp.post("/initiatives/<int:initiative_id>/submit")
@bp.arguments(schemas.SubmitChoice)
@bp.response(200, schemas.InitiativeDetail)
@bp.alt_response(409, schema=schemas.DuplicateWarning, description="Likely duplicates: it stays a draft")
def submit(data, initiative_id: int):
    """Submit a saved draft (or a returned initiative) to its union."""
    found = load_or_404(Initiative, initiative_id,
                        lambda user, i: initiative_permissions.can_take_step(user, i, Step.SUBMIT))
    try:
        run_in_transaction(submit_initiative, current_user._get_current_object(), found, local_today(),
                           confirm_duplicate=data["confirm_duplicate"])
    except DomainError as error:
        abort_domain(error)
    return _detail(found)


@bp.get("/initiatives/similar")
@bp.arguments(schemas.SimilarArgs, location="query")
@bp.response(200, schemas.SimilarSchema)
def similar(args):
    """Return the submitted initiatives most like a title (and description), as much of each as the caller may
    see: the check the submission form makes while one types."""
    results = get_similar(current_user, args["title"], args["description"], limit=SIMILAR_LIMIT,
                          exclude_id=args.get("initiative"), programme_id=args.get("programme"))
    return {"results": results, "likely_duplicate": any(item["likely_duplicate"] for item in results)}


@bp.get("/units")
@bp.arguments(schemas.UnitSearchArgs, location="query")
@bp.response(200, schemas.paged(schemas.UnitSchema, "UnitPage"))
def units(args):
    """Find units by name or code: administrators within their subtrees, others the unions members can join."""
    text = args["q"].strip()
    if len(text) < 2:
        return _page([], args)
    if union_permissions.can_administer(current_user):
        found = search_units(text, within=union_permissions.admin_scopes(current_user), limit=UNIT_SEARCH_LIMIT + 1)
    else:
        found = search_units(text, levels=JOINABLE_LEVELS, limit=UNIT_SEARCH_LIMIT + 1)
    return _page(found[:UNIT_SEARCH_LIMIT], args, capped=len(found) > UNIT_SEARCH_LIMIT)


@bp.get("/units/<int:unit_id>")
@bp.response(200, schemas.UnitDetail)
def unit(unit_id: int):
    """Show a unit the caller may open (their own, or one they manage or review) and the units directly below."""
    found = load_or_404(Unit, unit_id, union_permissions.can_view_unit)
    return {**schemas.UnitSchema().dump(found), "children": get_children(found)}


@bp.get("/programmes/<int:programme_id>/units/<int:unit_id>/progress")
@bp.arguments(schemas.ProgressArgs, location="query")
@bp.response(200, schemas.ProgressSchema)
def progress(args, programme_id: int, unit_id: int):
    """Return a unit's quota progress in a programme as of a day, with its children's: for officers,
    administrators and councils at or above it."""
    found = load_or_404(Programme, programme_id)
    unit = load_or_404(Unit, unit_id)
    if not unit.path.startswith(found.owner_unit.path):
        abort(404)
    if not quota_permissions.can_view_progress(current_user, unit):
        abort(403)
    day = dashboard.as_of_day(found, args.get("as_of"))
    rows = dashboard.measure(found, [unit, *get_children(unit)], day)
    return {"programme_id": found.id, "as_of": day, "unit": rows[0], "children": rows[1:]}

