"""Forms for programmes and initiatives."""

import uuid

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from core.forms import BaseForm, SensibleDate
from initiatives.lifecycle import Status
from initiatives.rules import MAX_BENEFIT, MAX_TITLE, Field

FIELD_LABELS = {
    Field.PRODUCTION: _l("Production"),
    Field.TECHNICAL: _l("Technical improvement"),
    Field.MANAGEMENT: _l("Management"),
    Field.ADMIN_REFORM: _l("Administrative reform"),
    Field.EDUCATION: _l("Education"),
    Field.HEALTH: _l("Health care"),
    Field.UNION_WORK: _l("Union work"),
    Field.SAFETY: _l("Occupational safety and hygiene"),
    Field.ENVIRONMENT: _l("Environment"),
    Field.AGRICULTURE: _l("Agriculture"),
    Field.DIGITAL: _l("Digital transformation"),
    Field.OTHER: _l("Other"),
}

STATUS_LABELS = {
    Status.DRAFT: _l("Draft"),
    Status.SUBMITTED: _l("Submitted"),
    Status.RETURNED: _l("Returned for revision"),
    Status.CONFIRMED: _l("Confirmed by the union"),
    Status.IN_REVIEW: _l("In review"),
    Status.RECOGNISED: _l("Recognised"),
    Status.NOT_RECOGNISED: _l("Not recognised"),
    Status.WITHDRAWN: _l("Withdrawn"),
}

STEP_LABELS = {
    "create": _l("Draft started"),
    "submit": _l("Submit"),
    "confirm": _l("Confirm: recognised or applied at the workplace"),
    "return": _l("Return for revision"),
    "start_review": _l("Start the council's review"),
    "recognise": _l("Recognise"),
    "reject": _l("Do not recognise"),
    "withdraw": _l("Withdraw"),
    "forward": _l("Recognised and forwarded to the council above"),
    "recognise_above": _l("Recognised by a higher council"),
    "reject_above": _l("Not recognised by a higher council"),
}

# What a step is called once taken, on the timeline.
EVENT_LABELS = {
    "create": _l("Draft started"),
    "submit": _l("Submitted to the grassroots union"),
    "confirm": _l("Confirmed by the union: applied at the workplace"),
    "return": _l("Returned for revision"),
    "start_review": _l("The council started its review"),
    "recognise": _l("Recognised"),
    "reject": _l("Not recognised"),
    "withdraw": _l("Withdrawn"),
}

# A notice of a step, as a sentence about what happened.
NOTICE_TEXTS = {
    "submit": _l("%(actor)s submitted “%(title)s”"),
    "confirm": _l("%(actor)s confirmed “%(title)s” for the union"),
    "return": _l("%(actor)s returned “%(title)s” for revision"),
    "start_review": _l("The council started reviewing “%(title)s”"),
    "recognise": _l("“%(title)s” was recognised"),
    "reject": _l("“%(title)s” was not recognised"),
    "withdraw": _l("%(actor)s withdrew “%(title)s”"),
    "forward": _l("“%(title)s” was recognised and forwarded to the council above"),
    "recognise_above": _l("“%(title)s” was recognised by a higher council"),
    "reject_above": _l("A higher council did not recognise “%(title)s”"),
}

STATUS_COLOURS = {
    Status.DRAFT: "secondary", Status.SUBMITTED: "info", Status.RETURNED: "warning", Status.CONFIRMED: "primary",
    Status.IN_REVIEW: "primary", Status.RECOGNISED: "success", Status.NOT_RECOGNISED: "dark",
    Status.WITHDRAWN: "light",
}


def field_choices(accepted=None):
    """Return the fields as choices, limited to those a programme accepts."""
    return [SelectChoice(f.value, FIELD_LABELS[f]) for f in Field if not accepted or f.value in accepted]


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class PhaseForm(Form):
    name = StringField(_l("Phase"), validators=[Optional(), Length(max=120)])
    opens_on = DateField(_l("Opens"), validators=[Optional(), SensibleDate()])
    closes_on = DateField(_l("Closes"), validators=[Optional(), SensibleDate()])


class ProgrammeForm(BaseForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=255)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])
    opens_on = DateField(_l("Opens on"), validators=[DataRequired(), SensibleDate()])
    closes_on = DateField(_l("Closes on"), validators=[DataRequired(), SensibleDate()])
    applied_from = DateField(_l("First applied from"), validators=[Optional(), SensibleDate()],
                             description=_l("Initiatives must have been first applied within this period."))
    applied_until = DateField(_l("First applied until"), validators=[Optional(), SensibleDate()])
    fields = MultiCheckboxField(_l("Fields accepted"), choices=field_choices,
                                description=_l("None ticked: every field is accepted."))
    phases = FieldList(FormField(PhaseForm), label=_l("Phases"), min_entries=3, max_entries=12)


class AuthorForm(Form):
    name = StringField(_l("Name"), validators=[Optional(), Length(max=200)])
    workplace = StringField(_l("Workplace"), validators=[Optional(), Length(max=300)])
    share = StringField(_l("Contribution (%)"), validators=[Optional(), Length(max=10)])


class InitiativeForm(BaseForm):
    submission_token = HiddenField(default=lambda: uuid.uuid4().hex)
    title = StringField(_l("Title"), validators=[Optional(), Length(max=MAX_TITLE)],
                        render_kw={"autocomplete": "off"})
    field = SelectField(_l("Field"), validators=[Optional()])
    problem = TextAreaField(_l("The problem and the situation before"), validators=[Optional(), Length(max=20000)])
    solution = TextAreaField(_l("The solution: content and steps"), validators=[Optional(), Length(max=20000)])
    novelty = TextAreaField(_l("What is new compared with what existed"), validators=[Optional(), Length(max=10000)])
    first_applied_on = DateField(_l("Date first applied (or trial-applied)"),
                                 validators=[Optional(), SensibleDate()])
    applied_where = StringField(_l("Where it was applied"), validators=[Optional(), Length(max=300)])
    conditions = TextAreaField(_l("Conditions needed to apply it"), validators=[Optional(), Length(max=10000)])
    effect = TextAreaField(_l("Effect and benefit"), validators=[Optional(), Length(max=10000)])
    benefit_vnd = IntegerField(_l("Benefit (VND per year)"),
                               validators=[Optional(), NumberRange(min=0, max=MAX_BENEFIT)])
    benefit_method = TextAreaField(_l("How the benefit was calculated"), validators=[Optional(), Length(max=5000)])
    benefit_not_computable = BooleanField(_l("The benefit cannot be computed in money"))
    benefit_description = TextAreaField(_l("Description of the benefit"), validators=[Optional(), Length(max=5000)])
    investor = StringField(_l("Investor or funding unit"), validators=[Optional(), Length(max=300)])
    confidential = BooleanField(_l("Confidential: others see only the title, the effect and the outcome"))
    authors = FieldList(FormField(AuthorForm), label=_l("Authors"), min_entries=1, max_entries=20)


class StepForm(BaseForm):
    """A step of an initiative's life (confirm, return, withdraw…), with the reason some steps need."""

    reason = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=2000)])
