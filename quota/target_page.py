"""The targets page of a unit: its own targets, and its children's as the parent splits its target among them.

A proposal — split in proportion to members, or read from a workbook — only fills the children's form; nothing is
saved until the administrator saves the form.
"""

from dataclasses import dataclass

from flask_babel import gettext as _

from quota import progress, target_files
from quota.models import TargetKind
from quota.queries import get_counted, get_targets
from unions.models import Unit
from unions.queries import get_children
from unions.sizes import get_sizes


@dataclass
class ChildRow:
    """A unit below, with what its target can be weighed against."""

    unit: Unit
    members: int
    assigned: int | None
    count: int


@dataclass
class TargetsPage:
    """What the targets page shows of a unit in a programme (one phase, or the whole programme)."""

    own: dict[TargetKind, int]
    children: list[ChildRow]

    @property
    def children_total(self) -> int | None:
        """Return what the children's assigned targets add up to (None when none has one)."""
        values = [row.assigned for row in self.children if row.assigned is not None]
        return sum(values) if values else None

    @property
    def difference(self) -> int | None:
        """Return how far the children's targets are from the unit's assigned target (0: they add up)."""
        own = self.own.get(TargetKind.ASSIGNED)
        if own is None or self.children_total is None:
            return None
        return self.children_total - own


def build(programme, unit: Unit, phase_key: int) -> TargetsPage:
    """Read the targets page of unit."""
    children = get_children(unit)
    ids = [child.id for child in children]
    targets = get_targets(programme.id, [unit.id, *ids], phase_key)
    sizes = get_sizes(ids)
    counted = get_counted(programme.id, ids)
    rows = [ChildRow(child, sizes[child.id].members if child.id in sizes else 0,
                     targets[child.id].get(TargetKind.ASSIGNED),
                     counted[child.id].count if child.id in counted else 0) for child in children]
    return TargetsPage(targets[unit.id], rows)


def fill(page: TargetsPage, own_form, children_form, *, with_values: bool) -> None:
    """Give the children's form one entry per child (with its current target when with_values)."""
    if with_values:
        own_form.assigned.data = page.own.get(TargetKind.ASSIGNED)
        own_form.self_set.data = page.own.get(TargetKind.SELF_SET)
    posted = {entry.form.unit_id.data: entry.form.value.data for entry in children_form.children}
    while len(children_form.children):
        children_form.children.pop_entry()
    for row in page.children:
        entry = children_form.children.append_entry()
        entry.form.unit_id.data = str(row.unit.id)
        entry.form.value.data = row.assigned if with_values else posted.get(str(row.unit.id))


def propose_split(page: TargetsPage, children_form) -> bool:
    """Fill the children's targets with the target to split, in proportion to their members; False when there is
    nothing to split."""
    total = children_form.split_total.data
    if total is None:
        total = page.own.get(TargetKind.ASSIGNED)
    if total is None:
        children_form.split_total.errors = [_("Enter the target to split, or set the unit's assigned target.")]
        return False
    shares = progress.split(total, {row.unit.id: row.members for row in page.children})
    for entry in children_form.children:
        entry.form.value.data = shares.get(int(entry.form.unit_id.data))
    children_form.split_total.data = total
    return True


def propose_from_file(page: TargetsPage, children_form, upload) -> list[target_files.TargetRow]:
    """Fill the children's targets from a workbook's good rows; return every row with its problems."""
    rows = target_files.read_targets(upload, [row.unit for row in page.children])
    proposed = {row.unit_id: row.value for row in rows if not row.problems and row.unit_id is not None}
    for entry in children_form.children:
        unit_id = int(entry.form.unit_id.data)
        if unit_id in proposed:
            entry.form.value.data = proposed[unit_id]
    return rows


def child_values(children_form) -> dict[int, int | None]:
    """Return the children's targets as posted, by unit id."""
    return {int(entry.form.unit_id.data): entry.form.value.data for entry in children_form.children
            if (entry.form.unit_id.data or "").isdigit()}
