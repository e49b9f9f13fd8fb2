"""Forms of the duplicate queue and sweeps."""

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, RadioField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from core.forms import BaseForm
from review.models import DuplicateReason, PairStatus

DECISION_LABELS = {
    PairStatus.SAME: _l("The same initiative"),
    PairStatus.DIFFERENT: _l("Different initiatives"),
}

REASON_LABELS = {
    DuplicateReason.RESUBMITTED: _l("The same initiative submitted again"),
    DuplicateReason.COPIED: _l("Copied from another author"),
    DuplicateReason.PART_OF: _l("A part of the other initiative"),
}


class DecisionForm(BaseForm):
    status = RadioField(_l("Decision"), validators=[DataRequired()],
                        choices=[SelectChoice(status.value, label) for status, label in DECISION_LABELS.items()])
    # When the same: which of the two is the copy (the later one unless chosen) and why.
    duplicate = IntegerField(_l("The copy"), validators=[Optional()])
    reason = RadioField(_l("Why it is a duplicate"), validators=[Optional()],
                        choices=[SelectChoice(reason.value, label) for reason, label in REASON_LABELS.items()])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])

    def validate(self, extra_validators=None) -> bool:
        """Require the reason code of a duplicate."""
        valid = super().validate(extra_validators)
        if valid and self.status.data == PairStatus.SAME and not self.reason.data:
            self.reason.errors = [*self.reason.errors, _l("Choose why it is a duplicate.")]
            return False
        return valid


class UndoForm(BaseForm):
    note = TextAreaField(_l("Why the judgement is undone"), validators=[Optional(), Length(max=2000)])


class SweepForm(BaseForm):
    programme = SelectField(_l("Programme"), coerce=int, validate_choice=False, validators=[InputRequired()])
