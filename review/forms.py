"""Forms of the duplicate queue and sweeps."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, SelectChoice, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from core.forms import BaseForm
from review.models import PairStatus

DECISION_LABELS = {
    PairStatus.SAME: _l("The same initiative"),
    PairStatus.DIFFERENT: _l("Different initiatives"),
}


class DecisionForm(BaseForm):
    status = RadioField(_l("Decision"), validators=[DataRequired()],
                        choices=[SelectChoice(status.value, label) for status, label in DECISION_LABELS.items()])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])


class SweepForm(BaseForm):
    programme = HiddenField(validators=[DataRequired()])
