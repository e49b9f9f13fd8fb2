"""Forms for signing in, registration, members, roles and the union tree."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, NumberRange, Optional

from core.forms import BaseForm, SensibleDate
from unions.levels import UnitLevel
from unions.roles import AccountStatus, Role


def level_choices():
    """Return the unit levels with their translated names, for a select field."""
    return [SelectChoice(level.value, LEVEL_LABELS[level]) for level in UnitLevel]


LEVEL_LABELS = {
    UnitLevel.CONFEDERATION: _l("Confederation"),
    UnitLevel.PROVINCE_FEDERATION: _l("Province/city federation"),
    UnitLevel.CENTRAL_SECTOR_UNION: _l("Central sector union"),
    UnitLevel.DISTRICT_FEDERATION: _l("District federation"),
    UnitLevel.LOCAL_SECTOR_UNION: _l("Local sector union"),
    UnitLevel.INDUSTRIAL_ZONE_UNION: _l("Industrial-zone union"),
    UnitLevel.CORPORATION_UNION: _l("Corporation union"),
    UnitLevel.COMMUNE_UNION: _l("Commune/ward union"),
    UnitLevel.GRASSROOTS: _l("Grassroots union"),
    UnitLevel.UNION_GROUP: _l("Union group"),
}

ROLE_LABELS = {
    Role.OFFICER: _l("Union officer"),
    Role.REVIEWER: _l("Reviewer"),
    Role.FEDERATION_ADMIN: _l("Federation administrator"),
    Role.SYSTEM_ADMIN: _l("System administrator"),
}

ACCOUNT_STATUS_LABELS = {
    AccountStatus.PENDING: _l("Waiting for approval"),
    AccountStatus.ACTIVE: _l("Active"),
    AccountStatus.REJECTED: _l("Refused"),
    AccountStatus.DEACTIVATED: _l("Deactivated"),
}


class LoginForm(BaseForm):
    login = StringField(_l("E-mail or phone number"), validators=[DataRequired(), Length(max=254)],
                        render_kw={"autocomplete": "username", "autofocus": True})
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)],
                             render_kw={"autocomplete": "current-password"})
    next = HiddenField()


class _ContactMixin:
    full_name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)],
                            render_kw={"autocomplete": "name"})
    email = EmailField(_l("E-mail"), validators=[Optional(), Length(max=254)], render_kw={"autocomplete": "email"})
    phone = TelField(_l("Phone number"), validators=[Optional(), Length(max=20)], render_kw={"autocomplete": "tel"})


class RegistrationForm(_ContactMixin, BaseForm):
    unit = StringField(_l("Your grassroots union"), validators=[DataRequired(), Length(max=32)],
                       description=_l("Type a few words of its name and pick it from the list."))
    job_title = StringField(_l("Job or position"), validators=[Optional(), Length(max=200)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)],
                             render_kw={"autocomplete": "new-password"},
                             description=_l("At least 8 characters."))
    confirm = PasswordField(_l("Repeat the password"),
                            validators=[DataRequired(), EqualTo("password", _l("The passwords do not match."))],
                            render_kw={"autocomplete": "new-password"})


class MemberForm(_ContactMixin, BaseForm):
    unit = StringField(_l("Grassroots union"), validators=[DataRequired(), Length(max=32)])
    job_title = StringField(_l("Job or position"), validators=[Optional(), Length(max=200)])


class SetPasswordForm(BaseForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=200)],
                             render_kw={"autocomplete": "new-password"}, description=_l("At least 8 characters."))
    confirm = PasswordField(_l("Repeat the password"),
                            validators=[DataRequired(), EqualTo("password", _l("The passwords do not match."))],
                            render_kw={"autocomplete": "new-password"})


class ChangePasswordForm(BaseForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()],
                                     render_kw={"autocomplete": "current-password"})
    new_password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=200)],
                                 render_kw={"autocomplete": "new-password"},
                                 description=_l("At least 8 characters."))
    confirm = PasswordField(_l("Repeat the new password"),
                            validators=[DataRequired(), EqualTo("new_password", _l("The passwords do not match."))],
                            render_kw={"autocomplete": "new-password"})


class ReasonForm(BaseForm):
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=500)])


class RoleForm(BaseForm):
    role = SelectField(_l("Role"), choices=[SelectChoice(role.value, label) for role, label in ROLE_LABELS.items()])
    unit = StringField(_l("Over unit (code)"), validators=[DataRequired(), Length(max=32)])


class UnitForm(BaseForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=32)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=255)])
    level = SelectField(_l("Level"), choices=level_choices)
    member_count = IntegerField(_l("Members"), default=0, validators=[InputRequired(), NumberRange(min=0)])


class EditUnitForm(BaseForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=255)])
    member_count = IntegerField(_l("Members"), validators=[InputRequired(), NumberRange(min=0)])


class MoveUnitForm(BaseForm):
    new_parent = StringField(_l("New parent unit (code)"), validators=[DataRequired(), Length(max=32)])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=500)],
                           description=_l("For example the decision that reorganised the unit."))


class TreeImportForm(BaseForm):
    file = FileField(_l("Tree file (CSV or XLSX)"),
                     validators=[FileRequired(), FileAllowed(["csv", "xlsx"], _l("Upload a .csv or .xlsx file."))])


class BlocForm(BaseForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=255)])
    kind = SelectField(_l("Kind"), choices=[SelectChoice("bloc", _l("Emulation bloc (khối)")),
                                            SelectChoice("cluster", _l("Emulation cluster (cụm)"))])
    units = TextAreaField(_l("Unit codes"), validators=[Optional()],
                          description=_l("One code per line, or separated by commas."))


class AuditFilterForm(BaseForm):
    """The filters of the audit trail (read from the query string)."""

    who = StringField(_l("Who"), validators=[Optional(), Length(max=100)])
    action = SelectField(_l("What"), validators=[Optional()])
    unit = StringField(_l("Unit (code)"), validators=[Optional(), Length(max=32)])
    since = DateField(_l("From"), validators=[Optional(), SensibleDate()])
    until = DateField(_l("To"), validators=[Optional(), SensibleDate()])
