"""The form that makes a personal access token."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length

from api.models import TokenScope
from core.forms import BaseForm

SCOPE_LABELS = {TokenScope.READ: _l("Read only"), TokenScope.READ_WRITE: _l("Read and write")}


class TokenForm(BaseForm):
    """Name a new token and choose what it may do."""

    name = StringField(_l("Name of the token"), validators=[DataRequired(), Length(max=80)])
    scope = SelectField(_l("What it may do"), default=TokenScope.READ.value, validators=[DataRequired()],
                        choices=[SelectChoice(scope.value, label) for scope, label in SCOPE_LABELS.items()])
