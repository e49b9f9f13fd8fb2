"""What the API takes and gives, as marshmallow schemas: they check requests and write the OpenAPI document."""

import re
from datetime import UTC

import marshmallow as ma
from flask_babel import lazy_gettext as _l
from marshmallow import fields, validate

from core.web import MAX_PAGE
from initiatives.lifecycle import Status
from initiatives.queries import MAX_QUERY, SCOPES, SORTS
from initiatives.rules import MAX_BENEFIT, MAX_TITLE, Field
from unions.levels import UnitLevel

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class UtcDateTime(fields.DateTime):
    """A stored (naive UTC) time, written with its offset so that clients need not guess the zone."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)


def _unstorable(value) -> bool:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate from a JSON escape
            return True
        return bool(_CONTROL.search(value))
    if isinstance(value, dict):
        return any(_unstorable(item) for item in value.values())
    if isinstance(value, list):
        return any(_unstorable(item) for item in value)
    return False


class Input(ma.Schema):
    """A request body: text with NUL or another control character is refused, as the web forms refuse it."""

    @ma.validates_schema(pass_original=True)
    def _storable(self, _data, original, **_kwargs):
        if isinstance(original, dict):
            bad = sorted(name for name, value in original.items() if _unstorable(value))
            if bad:
                raise ma.ValidationError({name: [str(_l("The text holds a control character (such as a NUL byte) "
                                                        "that cannot be stored; remove it and send it again."))]
                                          for name in bad})


class ErrorSchema(ma.Schema):
    """Every error answer: its HTTP number and name, a translated message, and per field what is wrong."""

    code = fields.Integer(required=True, metadata={"description": "The HTTP status code"})
    status = fields.String(required=True, metadata={"description": "The HTTP status name"})
    message = fields.String(required=True, metadata={"description": "What went wrong, in the caller's language"})
    errors = fields.Dict(metadata={"description": "Per location (json, query) and field, the messages"})


class PageArgs(ma.Schema):
    """Which page of a list to return."""

    page = fields.Integer(load_default=1, validate=validate.Range(1, MAX_PAGE),
                          metadata={"description": "The 1-based page number"})
    per_page = fields.Integer(load_default=DEFAULT_PER_PAGE, validate=validate.Range(1, MAX_PER_PAGE),
                              metadata={"description": f"Items per page, at most {MAX_PER_PAGE}"})


class PageSchema(ma.Schema):
    """Where a page stands in its list."""

    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True, metadata={"description": "Items in the list (up to a cap, see capped)"})
    pages = fields.Integer(required=True)
    capped = fields.Boolean(required=True, metadata={"description": "The list holds more items than total says"})


def paged(item_schema, name: str) -> type[ma.Schema]:
    """Return the schema of a page of items."""
    return ma.Schema.from_dict({"items": fields.List(fields.Nested(item_schema), required=True),
                                "page": fields.Nested(PageSchema, required=True)}, name=name)


class UnitRef(ma.Schema):
    """A union unit, briefly."""

    id = fields.Integer(required=True)
    code = fields.String(required=True)
    name = fields.String(required=True)


class UnitSchema(UnitRef):
    """A union unit and where it sits in the tree."""

    level = fields.String(required=True, validate=validate.OneOf([level.value for level in UnitLevel]))
    parent_id = fields.Integer(allow_none=True, required=True)
    depth = fields.Integer(required=True)
    member_count = fields.Integer(required=True)
    dissolved_at = UtcDateTime(allow_none=True, required=True)


class UnitDetail(UnitSchema):
    """A union unit and the units directly below it."""

    children = fields.List(fields.Nested(UnitSchema), required=True)


class UnitSearchArgs(PageArgs):
    """What to search units by."""

    q = fields.String(load_default="", validate=validate.Length(max=100),
                      metadata={"description": "Part of the unit's name or code (at least 2 characters)"})


class PhaseSchema(ma.Schema):
    """A phase of a programme."""

    id = fields.Integer(required=True)
    name = fields.String(required=True)
    opens_on = fields.Date(required=True)
    closes_on = fields.Date(required=True)


class ProgrammeSchema(ma.Schema):
    """A programme (a call for initiatives) and its phases."""

    id = fields.Integer(required=True)
    name = fields.String(required=True)
    description = fields.String(required=True)
    owner_unit_id = fields.Integer(required=True)
    opens_on = fields.Date(required=True)
    closes_on = fields.Date(required=True)
    applied_from = fields.Date(allow_none=True, required=True)
    applied_until = fields.Date(allow_none=True, required=True)
    fields_accepted = fields.List(fields.String(), required=True, attribute="fields", data_key="fields")
    phases = fields.List(fields.Nested(PhaseSchema), required=True)


class InitiativeListArgs(PageArgs):
    """The filters of the initiative list, as the web list reads them."""

    scope = fields.String(validate=validate.OneOf(SCOPES),
                          metadata={"description": "mine, union (officers and councils) or all"})
    programme = fields.Integer(validate=validate.Range(1, 2**31 - 1))
    phase = fields.Integer(validate=validate.Range(1, 2**31 - 1))
    field = fields.String(validate=validate.OneOf([f.value for f in Field]))
    status = fields.String(validate=validate.OneOf([s.value for s in Status]))
    unit = fields.String(validate=validate.Length(max=32), metadata={"description": "A unit's code: its subtree"})
    date_from = fields.Date(data_key="from", metadata={"description": "Submitted on or after (yyyy-mm-dd)"})
    date_to = fields.Date(data_key="to", metadata={"description": "Submitted on or before (yyyy-mm-dd)"})
    q = fields.String(validate=validate.Length(max=MAX_QUERY), metadata={"description": "Words to search for"})
    sort = fields.String(validate=validate.OneOf(list(SORTS)))


class InitiativeSummary(ma.Schema):
    """An initiative in a list; readable false means a confidential one shown by title, union and status only."""

    id = fields.Integer(required=True)
    title = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf([s.value for s in Status]))
    programme_id = fields.Integer(required=True)
    unit = fields.Nested(UnitRef, required=True)
    field = fields.String(allow_none=True, required=True)
    submitted_at = UtcDateTime(allow_none=True, required=True)
    readable = fields.Boolean(required=True)


class AuthorSchema(Input):
    """An author and their share of the work."""

    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    share = fields.Float(allow_none=True, load_default=None, validate=validate.Range(0, 100),
                         metadata={"description": "Percent, 0 to 100"})
    workplace = fields.String(load_default="", validate=validate.Length(max=300))


class AuthorOut(ma.Schema):
    """An author as shown."""

    name = fields.String(required=True)
    share = fields.Float(allow_none=True, required=True)
    workplace = fields.String(required=True)


class ContentSchema(Input):
    """The content of an initiative, as the submission form takes it; anything may be blank in a draft."""

    title = fields.String(load_default="", validate=validate.Length(max=MAX_TITLE))
    field = fields.String(load_default=None, allow_none=True, validate=validate.OneOf([f.value for f in Field]))
    problem = fields.String(load_default="", validate=validate.Length(max=20000))
    solution = fields.String(load_default="", validate=validate.Length(max=20000))
    novelty = fields.String(load_default="", validate=validate.Length(max=10000))
    first_applied_on = fields.Date(load_default=None, allow_none=True)
    applied_where = fields.String(load_default="", validate=validate.Length(max=300))
    conditions = fields.String(load_default="", validate=validate.Length(max=10000))
    effect = fields.String(load_default="", validate=validate.Length(max=10000))
    benefit_vnd = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(0, MAX_BENEFIT))
    benefit_method = fields.String(load_default="", validate=validate.Length(max=5000))
    benefit_not_computable = fields.Boolean(load_default=False)
    benefit_description = fields.String(load_default="", validate=validate.Length(max=5000))
    investor = fields.String(load_default="", validate=validate.Length(max=300))
    confidential = fields.Boolean(load_default=False)
    authors = fields.List(fields.Nested(AuthorSchema), load_default=list, validate=validate.Length(max=20))


class SubmitChoice(Input):
    """Whether to submit, and whether the caller saw and accepts that it looks like an initiative already in."""

    confirm_duplicate = fields.Boolean(load_default=False, metadata={
        "description": "Submit even though likely duplicates were found (a 409 lists them)"})


class NewInitiative(ContentSchema, SubmitChoice):
    """A new initiative of the caller's union: saved as a draft, or submitted at once."""

    submit = fields.Boolean(load_default=False, metadata={"description": "Submit it now rather than keep a draft"})
    submission_token = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=8, max=64),
                                     metadata={"description": "Sent again on a retry, it returns the same initiative"})


class InitiativeDetail(InitiativeSummary):
    """An initiative: its content when the caller may read it in full (else null), and its authors."""

    phase_id = fields.Integer(allow_none=True, required=True)
    created_at = UtcDateTime(required=True)
    effect = fields.String(required=True)
    content = fields.Nested(ma.Schema.from_dict({
        name: field for name, field in {
            "problem": fields.String(), "solution": fields.String(), "novelty": fields.String(),
            "first_applied_on": fields.Date(allow_none=True), "applied_where": fields.String(),
            "conditions": fields.String(), "benefit_vnd": fields.Integer(allow_none=True),
            "benefit_method": fields.String(), "benefit_not_computable": fields.Boolean(),
            "benefit_description": fields.String(), "investor": fields.String(), "confidential": fields.Boolean(),
            "authors": fields.List(fields.Nested(AuthorOut)),
        }.items()}, name="InitiativeContent"), allow_none=True, required=True)


class SimilarArgs(Input):
    """The text being typed, to compare with initiatives already submitted."""

    title = fields.String(required=True, validate=validate.Length(max=MAX_TITLE))
    description = fields.String(load_default="", validate=validate.Length(max=2000))
    programme = fields.Integer(validate=validate.Range(1, 2**31 - 1))
    initiative = fields.Integer(validate=validate.Range(1, 2**31 - 1),
                                metadata={"description": "An initiative to leave out (the one being edited)"})


class SimilarItem(ma.Schema):
    """A similar initiative, as much of it as the caller may see."""

    id = fields.Integer()
    title = fields.String(required=True)
    score = fields.Float(required=True, metadata={"description": "0 to 100"})
    likely_duplicate = fields.Boolean(required=True)
    unit = fields.String()
    year = fields.Integer()
    same_programme = fields.Boolean()


class SimilarSchema(ma.Schema):
    """The initiatives most like the text, best first."""

    results = fields.List(fields.Nested(SimilarItem), required=True)
    likely_duplicate = fields.Boolean(required=True)


class DuplicateWarning(ErrorSchema):
    """A submission held back: the likely duplicates; send confirm_duplicate true to submit anyway."""

    similar = fields.List(fields.Nested(SimilarItem), required=True)


class ProgressArgs(ma.Schema):
    """The day the figures are as of."""

    as_of = fields.Date(metadata={"description": "yyyy-mm-dd; today (or the closing day) when left out"})


class UnitProgressSchema(ma.Schema):
    """One unit's figures in a programme."""

    unit = fields.Nested(UnitRef, required=True)
    count = fields.Integer(required=True, metadata={"description": "Initiatives that count"})
    benefit = fields.Integer(required=True, attribute="counted.benefit", metadata={"description": "VND per year"})
    covered = fields.Integer(required=True, attribute="counted.covered",
                             metadata={"description": "Grassroots unions with an initiative that counts"})
    members = fields.Integer(required=True)
    grassroots = fields.Integer(required=True)
    assigned = fields.Integer(allow_none=True, required=True, metadata={"description": "The assigned target"})
    self_set = fields.Integer(allow_none=True, required=True, metadata={"description": "The unit's own target"})
    percent_assigned = fields.Float(allow_none=True, required=True)
    percent_self = fields.Float(allow_none=True, required=True)
    coverage = fields.Float(allow_none=True, required=True, metadata={"description": "Percent of grassroots unions"})
    per_hundred = fields.Float(allow_none=True, required=True, metadata={"description": "Per 100 members"})


class ProgressSchema(ma.Schema):
    """A unit's progress in a programme as of a day, and its children's."""

    programme_id = fields.Integer(required=True)
    as_of = fields.Date(required=True)
    unit = fields.Nested(UnitProgressSchema, required=True)
    children = fields.List(fields.Nested(UnitProgressSchema), required=True)
