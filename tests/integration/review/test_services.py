"""Judging suspected pairs: which one is the copy, every judgement kept, undoing, and what is announced."""

import pytest
from sqlalchemy import select

from core.errors import DomainError
from core.extensions import db
from core.models import AuditEntry
from review import services, signals
from review.models import DuplicateJudgement, DuplicatePair, DuplicateReason, PairStatus
from tests.factories import make_initiative, make_programme, make_tree, make_user
from unions.roles import Role

TITLE = "Cải tiến máy đóng bao xi măng tự động"


@pytest.fixture
def judged(app):
    units = make_tree()
    programme = make_programme(units["province"])
    first = make_initiative(make_user(units["grassroots_A1"]), programme, TITLE)
    copy = make_initiative(make_user(units["grassroots_B1"]), programme, "Cai tien may dong bao xi mang tu dong")
    reviewer = make_user(units["grassroots_A2"], roles=((Role.REVIEWER, units["province"]),))
    pair = db.session.scalar(select(DuplicatePair))
    heard = []

    def listen(sender, **details):
        heard.append((sender.id, details["before"], details["after"]))

    signals.duplicate_judged.connect(listen)
    yield pair, first, copy, reviewer, heard
    signals.duplicate_judged.disconnect(listen)


def test_the_later_submission_is_the_copy_unless_the_reviewer_names_the_other(judged):
    pair, first, copy, reviewer, heard = judged

    services.decide_pair(reviewer, pair, "same", "Chép lại", reason="copied")
    db.session.commit()

    assert (pair.status, pair.duplicate_id, pair.original_id, pair.reason) == (
        PairStatus.SAME, copy.id, first.id, DuplicateReason.COPIED)
    services.decide_pair(reviewer, pair, "same", duplicate_id=first.id)
    assert (pair.duplicate_id, pair.original_id) == (first.id, copy.id)
    assert heard == [(pair.id, None, copy.id), (pair.id, copy.id, first.id)]


def test_a_judgement_undone_puts_the_pair_back_and_every_step_stays_on_record(judged):
    pair, first, copy, reviewer, heard = judged
    services.decide_pair(reviewer, pair, "same")
    services.undo_judgement(reviewer, pair, "Nhầm")
    db.session.commit()

    assert (pair.status, pair.duplicate_id) == (PairStatus.OPEN, None)
    assert db.session.execute(select(DuplicateJudgement.status, DuplicateJudgement.duplicate_id,
                                     DuplicateJudgement.note).order_by(DuplicateJudgement.id)).all() == [
        (PairStatus.SAME, copy.id, ""), (PairStatus.OPEN, None, "Nhầm")]
    assert db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_type == "duplicate_pair")
                              .order_by(AuditEntry.id)).all() == ["duplicate_pair.decide", "duplicate_pair.undo"]
    assert heard == [(pair.id, None, copy.id), (pair.id, copy.id, None)]


def test_different_initiatives_have_no_copy_and_bad_choices_are_refused(judged):
    pair, first, copy, reviewer, _heard = judged

    services.decide_pair(reviewer, pair, "different", duplicate_id=copy.id, reason="copied")
    assert (pair.status, pair.duplicate_id, pair.reason) == (PairStatus.DIFFERENT, None, None)
    with pytest.raises(DomainError):
        services.decide_pair(reviewer, pair, "same", duplicate_id=123456)
    with pytest.raises(DomainError):
        services.decide_pair(reviewer, pair, "same", reason="looks_alike")
    services.undo_judgement(reviewer, pair)
    with pytest.raises(DomainError):
        services.undo_judgement(reviewer, pair)
