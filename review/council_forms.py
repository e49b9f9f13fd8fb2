"""Forms of the initiative councils, and the labels of their values."""

import re

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DecimalField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from core.forms import BaseForm
from review.conflicts import Conflict
from review.council_roles import CouncilRole
from scoring.awards import AuthorCategory, AwardLevel
from scoring.rubric import Band, Criterion, Outcome, Rubric, Threshold

ROLE_LABELS = {
    CouncilRole.CHAIR: _l("Chair"),
    CouncilRole.SECRETARY: _l("Secretary"),
    CouncilRole.MEMBER: _l("Council member"),
}

OUTCOME_LABELS = {
    Outcome.NOT_RECOGNISED: _l("Not recognised"),
    Outcome.RECOGNISED: _l("Recognised at this level"),
    Outcome.FORWARDED: _l("Recognised and forwarded to the level above"),
}

CONFLICT_LABELS = {
    Conflict.AUTHOR: _l("author or co-author"),
    Conflict.OWN_UNION: _l("of their own grassroots union"),
    Conflict.ADMINISTERS: _l("of a unit they administer"),
    Conflict.DECLARED: _l("declared a conflict"),
}

AWARD_LABELS = {
    AwardLevel.CERTIFICATE: _l("Certificate of merit (Giấy khen)"),
    AwardLevel.MERIT: _l("Merit award (Bằng khen)"),
    AwardLevel.CREATIVE_LABOUR: _l("Creative Labour certificate (Bằng Lao động sáng tạo)"),
}

CATEGORY_LABELS = {
    AuthorCategory.WORKER: _l("Worker trained up to college level"),
    AuthorCategory.GRADUATE: _l("University graduate"),
    AuthorCategory.MANAGER: _l("Manager"),
}

ELIGIBILITY_LABELS = {
    "no_category": _l("The author's category is not recorded."),
    "one_year": _l("Reaches the year's threshold."),
    "three_years": _l("Reaches the three-year threshold."),
    "below": _l("Below the thresholds."),
}


class CouncilSettingsForm(BaseForm):
    name = StringField(_l("Name of the council"), validators=[DataRequired(), Length(max=255)])
    reviewers_per_item = IntegerField(_l("Reviewers per initiative"), default=3,
                                      validators=[InputRequired(), NumberRange(min=1, max=15)])
    blind = BooleanField(_l("Blind review: reviewers do not see the authors' names and unit"))
    conflict_administered = BooleanField(
        _l("Reviewers do not score initiatives of units where they hold an officer's or administrator's role"),
        default=True)
    disagreement_above = DecimalField(_l("Needs discussion when the scores spread by more than (points of 100)"),
                                      default=20, places=1, validators=[InputRequired(), NumberRange(min=0, max=100)])


class CouncilForm(CouncilSettingsForm):
    programme = SelectField(_l("Programme"), coerce=int, validators=[InputRequired()])
    unit_code = StringField(_l("Code of the council's unit"), validators=[DataRequired(), Length(max=32)],
                            description=_l("The union level the council sits at, e.g. HD-LDLD."))


class MemberForm(BaseForm):
    login = StringField(_l("E-mail or phone number"), validators=[DataRequired(), Length(max=254)])
    role = SelectField(_l("Seat"), choices=[SelectChoice(r.value, label) for r, label in ROLE_LABELS.items()],
                       default=CouncilRole.MEMBER.value, validators=[DataRequired()])


class CriterionForm(Form):
    key = HiddenField()
    name = StringField(_l("Criterion"), validators=[Optional(), Length(max=200)])
    description = StringField(_l("Description"), validators=[Optional(), Length(max=500)])
    max_points = IntegerField(_l("Maximum points"), validators=[Optional(), NumberRange(min=1, max=1000)])
    weight = DecimalField(_l("Weight"), default=1, places=2, validators=[Optional(), NumberRange(min=0, max=100)])
    summed = BooleanField(_l("Counts toward the total"), default=True)
    required = BooleanField(_l("Required"), default=True)
    bands = TextAreaField(_l("Bands, one per line: lowest–highest label"), validators=[Optional(), Length(max=2000)])


class RubricForm(BaseForm):
    name = StringField(_l("Name of the score sheet"), validators=[DataRequired(), Length(max=255)])
    criteria = FieldList(FormField(CriterionForm), label=_l("Criteria"), min_entries=1, max_entries=20)
    recognise_at = DecimalField(_l("Suggest recognition from (points of 100)"), places=1,
                                validators=[Optional(), NumberRange(min=0, max=100)])
    forward_at = DecimalField(_l("Suggest forwarding from (points of 100)"), places=1,
                              validators=[Optional(), NumberRange(min=0, max=100)])


BAND_LINE = re.compile(r"^\s*(\d+)\s*(?:[-–—]\s*(\d+))?\s+(.+?)\s*$")


def bands_text(criterion: Criterion) -> str:
    """Return a criterion's bands as the form shows them."""
    return "\n".join(f"{b.low}–{b.high} {b.label}" if b.low != b.high else f"{b.low} {b.label}"
                     for b in criterion.bands)


def fill_rubric_form(form: RubricForm, rubric: Rubric, spare: int = 2) -> None:
    """Put a rubric on the form, with spare empty criteria to add."""
    form.name.data = rubric.name
    while len(form.criteria.entries):
        form.criteria.pop_entry()
    for criterion in rubric.criteria:
        form.criteria.append_entry({"key": criterion.key, "name": criterion.name,
                                    "description": criterion.description, "max_points": criterion.max_points,
                                    "weight": criterion.weight, "summed": criterion.summed,
                                    "required": criterion.required, "bands": bands_text(criterion)})
    for _ in range(spare):
        form.criteria.append_entry({"summed": True, "required": True, "weight": 1})
    by_outcome = {t.outcome: t.at_least for t in rubric.thresholds}
    form.recognise_at.data = by_outcome.get(Outcome.RECOGNISED)
    form.forward_at.data = by_outcome.get(Outcome.FORWARDED)


def rubric_from_form(form: RubricForm) -> Rubric | None:
    """Return the rubric entered on the form (rows without a name are left out), or None when a band line is bad.

    A bad line is put on its row's bands field.
    """
    criteria, keys, bad = [], set(), False
    for n, row in enumerate(form.criteria, start=1):
        entry = row.form
        if not (entry.name.data or "").strip():
            continue
        bands = []
        for line in (entry.bands.data or "").splitlines():
            if not line.strip():
                continue
            match = BAND_LINE.match(line)
            if match is None:
                entry.bands.errors = [*entry.bands.errors, _l("Write each band as \"27–30 Entirely new\".")]
                bad = True
                continue
            low, high, label = int(match[1]), int(match[2] or match[1]), match[3]
            bands.append(Band(label, low, high))
        key = (entry.key.data or "").strip() or f"c{n}"
        while key in keys:
            key += "x"
        keys.add(key)
        criteria.append(Criterion(key=key, name=entry.name.data.strip(), description=(entry.description.data or "")
                                  .strip(), max_points=entry.max_points.data or 0,
                                  weight=float(entry.weight.data if entry.weight.data is not None else 1),
                                  bands=tuple(bands), summed=entry.summed.data, required=entry.required.data))
    thresholds = []
    if form.recognise_at.data is not None:
        thresholds.append(Threshold(float(form.recognise_at.data), Outcome.RECOGNISED))
    if form.forward_at.data is not None:
        thresholds.append(Threshold(float(form.forward_at.data), Outcome.FORWARDED))
    if bad:
        return None
    return Rubric(name=form.name.data.strip(), criteria=tuple(criteria), thresholds=tuple(thresholds))


def _points(value):
    return None if value in (None, "", "None") else int(value)


def score_form(rubric: Rubric, formdata=None, assignment=None) -> BaseForm:
    """Return the score sheet's form for a rubric: a choice of points by band, or a number, per criterion."""

    class ScoreForm(BaseForm):
        comment = TextAreaField(_l("Comment"), validators=[Optional(), Length(max=5000)])

    for criterion in rubric.criteria:
        label = f"{criterion.name} (0–{criterion.max_points})"
        if criterion.bands:
            # The template shows the points grouped by band; the service checks the range.
            choices = [SelectChoice("", str(_l("— not scored —")))]
            for band_label, points in criterion.choices():
                group = f"{band_label} ({points[0]}–{points[-1]})"
                choices += [SelectChoice(str(p), f"{p} — {band_label}", optgroup=group) for p in reversed(points)]
            field = SelectField(label, coerce=_points, validate_choice=False, validators=[Optional()],
                                choices=choices, description=criterion.description)
        else:
            field = IntegerField(label, validators=[Optional(), NumberRange(min=0, max=criterion.max_points)],
                                 description=criterion.description,
                                 render_kw={"inputmode": "numeric", "min": 0, "max": criterion.max_points})
        setattr(ScoreForm, f"score_{criterion.key}", field)
    form = ScoreForm(formdata=formdata) if formdata is not None else ScoreForm()
    if formdata is None and assignment is not None:
        for criterion in rubric.criteria:
            value = (assignment.scores or {}).get(criterion.key)
            getattr(form, f"score_{criterion.key}").data = value
        form.comment.data = assignment.comment
    return form


def scores_of(form, rubric: Rubric) -> dict:
    """Return the points entered per criterion key (None where not scored)."""
    return {c.key: getattr(form, f"score_{c.key}").data for c in rubric.criteria}


class DeclineForm(BaseForm):
    decline_reason = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=2000)])
    conflict = BooleanField(_l("I have a conflict of interest with this initiative"))


class ItemDecisionForm(BaseForm):
    decision = RadioField(_l("Decision"), validators=[DataRequired()],
                          choices=[SelectChoice(o.value, label) for o, label in OUTCOME_LABELS.items()])
    reason = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=2000)])


class HandAssignForm(BaseForm):
    reviewer = SelectField(_l("Reviewer"), coerce=int, validators=[InputRequired()])


class AwardForm(BaseForm):
    level = SelectField(_l("Award proposed"), validators=[DataRequired()],
                        choices=[SelectChoice(a.value, label) for a, label in AWARD_LABELS.items()])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=2000)])


class AuthorCategoryForm(BaseForm):
    category = SelectField(_l("Author's category"), validators=[Optional()],
                           choices=[SelectChoice("", _l("— not recorded —")),
                                    *(SelectChoice(c.value, label) for c, label in CATEGORY_LABELS.items())])
