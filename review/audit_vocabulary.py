"""How the audit entries of duplicate review read."""

from flask_babel import lazy_gettext as _l

from review.forms import DECISION_LABELS
from review.models import DuplicateReason, PairStatus

ACTIONS = {"duplicate_pair.decide": _l("judged"), "duplicate_pair.undo": _l("undid the judgement of")}
KEYS = {"a_id": _l("Initiative"), "b_id": _l("Initiative"), "duplicate_id": _l("The copy"), "note": _l("Note"),
        "reason": _l("Reason")}
VALUES = {"status": {PairStatus.OPEN: _l("Waiting for a decision"), **DECISION_LABELS},
          "reason": {DuplicateReason.RESUBMITTED: _l("The same initiative submitted again"),
                     DuplicateReason.COPIED: _l("Copied from another author"),
                     DuplicateReason.PART_OF: _l("A part of the other initiative")}}
OBJECTS = {"duplicate_pair": (_l("the suspected pair"), lambda ids: {})}
