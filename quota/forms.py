"""Forms of the quota: what counts, targets, the children's targets and their workbook."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, FieldList, Form, FormField, HiddenField, IntegerField, RadioField, SelectChoice
from wtforms.validators import NumberRange, Optional

from core.forms import BaseForm
from quota.credit import CountsFrom
from quota.services import MAX_TARGET

COUNTS_FROM_LABELS = {
    CountsFrom.SUBMITTED: _l("Once submitted"),
    CountsFrom.CONFIRMED: _l("Once confirmed by the grassroots union"),
    CountsFrom.RECOGNISED: _l("Once recognised by a council"),
}


def _target_field(label):
    return IntegerField(label, validators=[Optional(), NumberRange(min=0, max=MAX_TARGET)],
                        render_kw={"inputmode": "numeric", "min": 0})


class SettingForm(BaseForm):
    counts_from = RadioField(_l("What counts toward the targets"),
                             choices=[SelectChoice(c.value, label) for c, label in COUNTS_FROM_LABELS.items()],
                             description=_l("Drafts, returned, withdrawn and not recognised initiatives never count, "
                                            "nor an initiative judged a copy of an earlier one."))
    public = BooleanField(_l("Publish the progress of the units (no personal data) on a public page"))


class OwnTargetsForm(BaseForm):
    assigned = _target_field(_l("Assigned target"))
    self_set = _target_field(_l("Self-set target"))


class ChildTargetForm(Form):
    unit_id = HiddenField()
    value = _target_field(_l("Target"))


class ChildTargetsForm(BaseForm):
    children = FieldList(FormField(ChildTargetForm), min_entries=0, max_entries=5000)
    split_total = _target_field(_l("Target to split"))


class TargetUploadForm(BaseForm):
    file = FileField(_l("Workbook of targets (.xlsx)"), validators=[FileRequired()],
                     render_kw={"accept": ".xlsx"})
