"""Verbs of the quota: what counts in a programme, and the targets down the tree. They flush; the caller commits.

The callers check who may act (``quota.permissions``): an assigned target is set from the level above, a self-set
target by the unit itself.
"""

from flask_babel import lazy_gettext as _l

from core.audit import record_audit
from core.errors import DomainError
from core.extensions import db
from core.timeutil import utcnow
from quota import rebuild
from quota.credit import CountsFrom
from quota.models import WHOLE_PROGRAMME, QuotaSetting, QuotaTarget, TargetKind
from quota.queries import DEFAULT_COUNTS_FROM, forget_counts_from, get_setting, get_target
from unions.queries import get_children

MAX_TARGET = 100_000_000


def save_setting(actor, programme, *, counts_from: str, public: bool) -> QuotaSetting:
    """Choose from which milestone a programme counts, and whether its progress is public.

    A new milestone recounts the whole programme from its history, in this transaction.
    """
    if counts_from not in {c.value for c in CountsFrom}:
        raise DomainError(_l("Choose what counts toward the targets."), "counts_from")
    setting = get_setting(programme.id)
    before = (setting.counts_from if setting else DEFAULT_COUNTS_FROM, setting.public if setting else False)
    if setting is None:
        setting = QuotaSetting(programme_id=programme.id)
        db.session.add(setting)
    setting.counts_from, setting.public = CountsFrom(counts_from), bool(public)
    setting.updated_at, setting.updated_by_id = utcnow(), getattr(actor, "id", None)
    db.session.flush()
    forget_counts_from(programme.id)
    if before[0] != setting.counts_from:
        rebuild.rebuild(programme.id)
    record_audit(actor, "quota.setting", programme, unit=programme.owner_unit,
                 counts_from=[str(before[0]), str(setting.counts_from)], public=[before[1], setting.public])
    return setting


def check_target_value(value) -> int | None:
    """Return a target as a whole number of initiatives (None clears it); refuse anything else."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise DomainError(_l("A target is a whole number of initiatives."), "value")
    if not 0 <= value <= MAX_TARGET:
        raise DomainError(_l("A target lies between 0 and %(n)s.", n=f"{MAX_TARGET:,}".replace(",", ".")), "value")
    return value


def set_target(actor, programme, unit, kind: TargetKind, value: int | None,
               phase_key: int = WHOLE_PROGRAMME) -> QuotaTarget | None:
    """Set (or clear, with None) one target of a unit; returns the target, or None when cleared."""
    value = check_target_value(value)
    kind = TargetKind(kind)
    if phase_key != WHOLE_PROGRAMME and phase_key not in {phase.id for phase in programme.phases}:
        raise DomainError(_l("Choose a phase of this programme."), "phase")
    if not unit.path.startswith(programme.owner_unit.path):
        raise DomainError(_l("%(name)s does not take part in this programme.", name=unit.name), "unit")
    target = get_target(programme.id, unit.id, kind, phase_key)
    before = target.value if target else None
    if before == value:
        return target
    if value is None:
        db.session.delete(target)
        target = None
    else:
        changes = {"value": value, "set_at": utcnow(), "set_by_id": getattr(actor, "id", None)}
        if target is None:
            target = QuotaTarget(programme_id=programme.id, unit_id=unit.id, kind=kind, phase_key=phase_key)
            db.session.add(target)
        for name, new in changes.items():
            setattr(target, name, new)
    db.session.flush()
    record_audit(actor, "quota.target", unit, unit=unit, programme_id=programme.id, kind=str(kind),
                 phase_key=phase_key, value=[before, value])
    return target


def set_child_targets(actor, programme, parent, values: dict[int, int | None],
                      phase_key: int = WHOLE_PROGRAMME) -> int:
    """Assign targets to children of parent (by unit id); return how many changed. All or nothing."""
    children = {child.id: child for child in get_children(parent)}
    unknown = sorted(set(values) - children.keys())
    if unknown:
        raise DomainError(_l("Only the units directly below %(name)s get their targets here.", name=parent.name),
                          "targets")
    changed = 0
    for unit_id in sorted(values):
        before = get_target(programme.id, unit_id, TargetKind.ASSIGNED, phase_key)
        if (before.value if before else None) != values[unit_id]:
            set_target(actor, programme, children[unit_id], TargetKind.ASSIGNED, values[unit_id], phase_key)
            changed += 1
    return changed


def set_own_targets(actor, programme, unit, values: dict[TargetKind, int | None],
                    phase_key: int = WHOLE_PROGRAMME) -> None:
    """Set a unit's own targets (the assigned one, the self-set one, or both) in one transaction."""
    for kind in sorted(values):
        set_target(actor, programme, unit, kind, values[kind], phase_key)
