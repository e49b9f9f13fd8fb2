"""Signs that a union chases its quota with copies, computed from plain rows (pure).

- share: the part of a unit's initiatives that are near-duplicates of another initiative of the same unit;
- bursts: runs of ``BURST_SIZE`` or more near-identical initiatives a unit submitted within ``BURST_WINDOW``;
- re-submissions: a unit's initiatives that repeat an initiative submitted in an earlier year, anywhere.

Pairs are the suspected duplicates still standing: those judged "different" are left out by the caller.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

BURST_SIZE = 3
BURST_WINDOW = timedelta(hours=48)


@dataclass(frozen=True, slots=True)
class Submission:
    """An indexed initiative: its unit, the year it counts for and when it was submitted."""

    id: int
    unit_id: int
    year: int
    submitted_at: datetime | None


@dataclass(frozen=True, slots=True)
class UnitSignals:
    """The three signals of one unit; share is None for a unit without initiatives."""

    unit_id: int
    initiatives: int
    duplicated: int
    share: float | None
    bursts: int
    largest_burst: int
    resubmissions: int


def unit_signals(submissions: Iterable[Submission], pairs: Iterable[tuple[int, int]]) -> dict[int, UnitSignals]:
    """Return the signals of every unit that has submissions, by unit id."""
    by_id = {submission.id: submission for submission in submissions}
    within: dict[int, list[tuple[int, int]]] = defaultdict(list)
    resubmitted: dict[int, set[int]] = defaultdict(set)
    for first_id, second_id in pairs:
        first, second = by_id.get(first_id), by_id.get(second_id)
        if first is None or second is None:
            continue
        if first.unit_id == second.unit_id:
            within[first.unit_id].append((first.id, second.id))
        earlier, later = sorted((first, second), key=lambda submission: submission.year)
        if earlier.year < later.year:
            resubmitted[later.unit_id].add(later.id)
    counts: dict[int, int] = defaultdict(int)
    for submission in by_id.values():
        counts[submission.unit_id] += 1
    signals = {}
    for unit_id, initiatives in counts.items():
        groups = _groups(within[unit_id])
        duplicated = sum(len(group) for group in groups)
        runs = [size for group in groups for size in burst_sizes([by_id[doc].submitted_at for doc in group])]
        signals[unit_id] = UnitSignals(unit_id, initiatives, duplicated, duplicated / initiatives, len(runs),
                                       max(runs, default=0), len(resubmitted[unit_id]))
    return signals


def burst_sizes(times: Iterable[datetime | None], size: int = BURST_SIZE, window: timedelta = BURST_WINDOW) -> list[
        int]:
    """Return the sizes of the separate runs of at least ``size`` times lying within ``window`` of the run's first."""
    ordered = sorted(time for time in times if time is not None)
    runs = []
    start = 0
    while start < len(ordered):
        end = start
        while end + 1 < len(ordered) and ordered[end + 1] - ordered[start] <= window:
            end += 1
        if end - start + 1 >= size:
            runs.append(end - start + 1)
            start = end + 1
        else:
            start += 1
    return runs


def _groups(pairs: list[tuple[int, int]]) -> list[set[int]]:
    """Group documents linked by pairs (connected components)."""
    neighbours: dict[int, set[int]] = defaultdict(set)
    for first, second in pairs:
        neighbours[first].add(second)
        neighbours[second].add(first)
    seen: set[int] = set()
    groups = []
    for doc in neighbours:
        if doc in seen:
            continue
        group, todo = set(), [doc]
        while todo:
            current = todo.pop()
            if current not in group:
                group.add(current)
                todo.extend(neighbours[current] - group)
        seen |= group
        groups.append(group)
    return groups
