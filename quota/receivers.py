"""How the quota reacts to what initiatives, reviews and the union tree announce (connected in quota.init_app)."""

from core.timeutil import local_date
from initiatives.lifecycle import Status
from quota import counters, moves
from quota.counters import CreditChange
from quota.credit import credited, qualifies
from quota.models import WHOLE_PROGRAMME
from quota.queries import count_judged_copies, get_counts_from


def credit_change(initiative, at, delta: int) -> CreditChange:
    """Return the change an initiative brings to the figures as it starts (+1) or stops (-1) counting now."""
    benefit = 0 if initiative.benefit_not_computable else (initiative.benefit_vnd or 0)
    phase_key = getattr(initiative.phase, "id", None) or WHOLE_PROGRAMME
    return CreditChange(initiative.id, initiative.programme_id, initiative.unit.path,
                        counters.grassroots_id(initiative.unit), phase_key,
                        str(initiative.field) if initiative.field else "", benefit, local_date(at), delta)


def on_status_changed(initiative, *, before, after, at, **_details) -> None:
    """Count or uncount an initiative whose step crossed the programme's milestone."""
    counts_from = get_counts_from(initiative.programme_id)
    if qualifies(before, counts_from) == qualifies(after, counts_from):
        return
    copies = count_judged_copies(initiative.id)
    was, now = credited(before, counts_from, copies), credited(after, counts_from, copies)
    if was != now:
        counters.book(credit_change(initiative, at, 1 if now else -1))


def on_batch_submitted(initiatives, *, at, **_details) -> None:
    """Count the initiatives of an Excel import when their programme counts submissions."""
    for initiative in initiatives:
        if qualifies(Status.SUBMITTED, get_counts_from(initiative.programme_id)):
            counters.book(credit_change(initiative, at, 1))


def on_duplicate_judged(pair, *, at, before, after, **_details) -> None:
    """Take the credit from an initiative judged a copy, and give it back when that judgement is undone."""
    for initiative in {pair.a, pair.b}:
        if initiative.id not in (before, after) or before == after:
            continue
        if not qualifies(initiative.status, get_counts_from(initiative.programme_id)):
            continue
        copies_now = count_judged_copies(initiative.id)
        copies_before = copies_now - (after == initiative.id) + (before == initiative.id)
        was = credited(initiative.status, get_counts_from(initiative.programme_id), copies_before)
        now = credited(initiative.status, get_counts_from(initiative.programme_id), copies_now)
        if was != now:
            counters.book(credit_change(initiative, at, 1 if now else -1))


def on_unit_moved(unit, *, old_path, new_path, **_details) -> None:
    """Move a unit's figures from the units it left to the units it joined."""
    moves.shift_subtree(unit.id, old_path, new_path)
