"""How the audit entries of the quota read."""

from flask_babel import lazy_gettext as _l

from quota.forms import COUNTS_FROM_LABELS
from quota.models import TargetKind

ACTIONS = {"quota.setting": _l("changed what counts in"), "quota.target": _l("set a target of")}
KEYS = {"kind": _l("Target"), "value": _l("Initiatives"), "phase_key": _l("Phase"), "counts_from": _l("Counted"),
        "public": _l("Public progress")}
VALUES = {"kind": {TargetKind.ASSIGNED: _l("assigned"), TargetKind.SELF_SET: _l("self-set")},
          "counts_from": COUNTS_FROM_LABELS, "phase_key": {0: _l("the whole programme")}}
OBJECTS: dict = {}  # quota entries name the programme or unit they concern, described by those packages
