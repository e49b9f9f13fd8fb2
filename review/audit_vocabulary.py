"""How the audit entries of duplicate review read."""

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from core.extensions import db
from review.council_forms import AWARD_LABELS, OUTCOME_LABELS, ROLE_LABELS
from review.council_models import AwardProposal, Council, CouncilAssignment, CouncilItem
from review.forms import DECISION_LABELS
from review.models import DuplicateReason, PairStatus

ACTIONS = {
    "duplicate_pair.decide": _l("judged"), "duplicate_pair.undo": _l("undid the judgement of"),
    "council.create": _l("set up"), "council.update": _l("changed the settings of"), "council.close": _l("closed"),
    "council.reopen": _l("reopened"), "council.seat": _l("seated a member in"),
    "council.unseat": _l("removed a member from"), "council.rubric": _l("saved the score sheet of"),
    "council.assign": _l("assigned reviewers in"), "council_item.arrive": _l("queued"),
    "council_item.decide": _l("decided on"), "council_assignment.assign": _l("assigned"),
    "council_assignment.withdraw": _l("withdrew"), "council_assignment.decline": _l("declined"),
    "council_assignment.save": _l("saved a draft of"), "council_assignment.submit": _l("submitted"),
    "award_proposal.propose": _l("proposed"), "award_proposal.withdraw": _l("withdrew"),
}
KEYS = {
    "a_id": _l("Initiative"), "b_id": _l("Initiative"), "duplicate_id": _l("The copy"), "note": _l("Note"),
    "reason": _l("Reason"), "user_id": None, "reviewer_id": None, "item_id": None, "forwarded_from": None,
    "replaces": None, "decision": _l("Decision"), "suggested": _l("Suggested by the thresholds"),
    "score": _l("Score"), "scores": None, "rubric_version": _l("Score sheet version"), "new_version": None,
    "assignments": _l("Assignments"), "short": _l("Not fully staffed"), "by_hand": None,
    "conflict": _l("Conflict of interest"),
}
VALUES = {
    "status": {PairStatus.OPEN: _l("Waiting for a decision"), **DECISION_LABELS},
    "reason": {DuplicateReason.RESUBMITTED: _l("The same initiative submitted again"),
               DuplicateReason.COPIED: _l("Copied from another author"),
               DuplicateReason.PART_OF: _l("A part of the other initiative")},
    "role": ROLE_LABELS, "decision": OUTCOME_LABELS, "suggested": OUTCOME_LABELS, "level": AWARD_LABELS,
}


def _councils(ids) -> dict:
    return {c.id: (c.name, url_for("councils.show", council_id=c.id))
            for c in db.session.scalars(select(Council).where(Council.id.in_(ids)))}


def _items(ids) -> dict:
    return {item.id: (item.initiative.title, url_for("councils.item", council_id=item.council_id, item_id=item.id))
            for item in db.session.scalars(select(CouncilItem).where(CouncilItem.id.in_(ids)))}


def _assignments(ids) -> dict:
    rows = db.session.scalars(select(CouncilAssignment).where(CouncilAssignment.id.in_(ids)))
    return {a.id: (f"{a.reviewer.full_name} · {a.item.initiative.title}", None) for a in rows}


def _proposals(ids) -> dict:
    rows = db.session.scalars(select(AwardProposal).where(AwardProposal.id.in_(ids)))
    return {p.id: (p.initiative.title, None) for p in rows}


OBJECTS = {
    "duplicate_pair": (_l("the suspected pair"), lambda ids: {}), "council": (_l("council"), _councils),
    "council_item": (_l("initiative in the queue"), _items),
    "council_assignment": (_l("the score sheet"), _assignments), "award_proposal": (_l("the award of"), _proposals),
}
