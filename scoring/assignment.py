"""Give each item exactly its number of distinct, non-conflicted reviewers, with the loads as even as they can be.

``assign(items, reviewers, per_item, conflicts, current_load=None)`` returns ``{item: [reviewer, ...]}``; a reviewer's
load is what they already hold (``current_load``) plus what the plan gives them, and the plan's loads have the
smallest possible spread (max - min) that the conflicts allow. ``AssignmentImpossible`` (a ``ValueError``) names
every item that has fewer non-conflicted reviewers than it needs.

How. Reviewers have no capacity limit, so an item can be staffed exactly when enough reviewers are free of a
conflict with it. Items that conflict with the same reviewers and need the same number form one *type*; a type of
n items needing d reviewers each is described by how many of its items each allowed reviewer takes (at most n
each, n * d in all), and any such counts can be dealt out to the items round-robin so that no item gets a reviewer
twice. A realistic tree gives a few dozen types for ten thousand items, so the work is on types, not items.

The vectors of loads that plans can reach are the integer points of a (translated) base polyhedron, and on such a
set the plan that is *decreasingly minimal* also has the smallest maximum and the largest minimum at once (Frank
and Murota, "Discrete decreasing minimization", 2022), hence the smallest spread. A plan is decreasingly minimal
exactly when no reviewer can pass one assignment to a reviewer holding at least two fewer, directly or through a
chain of reviewers who each pass one on (an augmenting path through the types). So: water-fill each type onto its
least-loaded reviewers (most constrained types first), then follow such chains, moving as many assignments at once
as the chain allows, until none is left. Each move lowers the sum of squared loads, so it ends; when it ends, the
spread is optimal.
"""

import heapq
from collections import defaultdict, deque
from collections.abc import Hashable, Iterable, Mapping


class AssignmentImpossible(ValueError):
    """Some items have fewer reviewers free of a conflict than they need; ``items`` lists them."""

    def __init__(self, items: list):
        self.items = list(items)
        named = ", ".join(str(item) for item in self.items)
        super().__init__(f"not enough reviewers without a conflict for item(s): {named}")


def assign(items: list, reviewers: list, per_item: int, conflicts: Iterable[tuple[Hashable, Hashable]],
           current_load: Mapping | None = None) -> dict:
    """Return {item: [reviewer, ...]}: per_item distinct reviewers each, no conflicted pair, loads evened."""
    if len(set(items)) != len(items):
        raise ValueError("items must be distinct")
    return assign_demands({item: per_item for item in items}, reviewers, conflicts, current_load)


def assign_demands(demands: Mapping, reviewers: list, conflicts: Iterable[tuple[Hashable, Hashable]],
                   current_load: Mapping | None = None) -> dict:
    """Return {item: [reviewer, ...]} with demands[item] distinct non-conflicted reviewers per item, loads evened.

    The general form of assign: items may need different numbers (an item that lost a reviewer needs one more).
    """
    if len(set(reviewers)) != len(reviewers):
        raise ValueError("reviewers must be distinct")
    if any(need < 0 for need in demands.values()):
        raise ValueError("an item cannot need a negative number of reviewers")
    index = {reviewer: n for n, reviewer in enumerate(reviewers)}
    current_load = current_load or {}
    load = [int(current_load.get(reviewer, 0)) for reviewer in reviewers]

    banned: dict = defaultdict(set)
    for item, reviewer in conflicts:
        if reviewer in index and item in demands:
            banned[item].add(index[reviewer])

    # Group the items by (reviewers they conflict with, how many they need).
    grouped: dict[tuple[frozenset, int], list] = defaultdict(list)
    impossible = []
    for item, need in demands.items():
        if need == 0:
            continue
        excluded = frozenset(banned.get(item, ()))
        if len(reviewers) - len(excluded) < need:
            impossible.append(item)
        else:
            grouped[(excluded, need)].append(item)
    if impossible:
        raise AssignmentImpossible(impossible)

    types = [_Type(members, need, [r for r in range(len(reviewers)) if r not in excluded], len(reviewers))
             for (excluded, need), members in grouped.items()]
    # The most constrained types choose first, while the most reviewers are still lightly loaded.
    for kind in sorted(types, key=lambda t: (len(t.allowed), -t.size * t.need)):
        _water_fill(kind, load)
    _balance(types, load)

    plan = {item: [] for item in demands}
    for kind in types:
        slots = [r for r in kind.allowed for _ in range(kind.flow[r])]
        for k, r in enumerate(slots):
            plan[kind.items[k % kind.size]].append(reviewers[r])
    return plan


class _Type:
    """Items that conflict with the same reviewers and need the same number: flow[r] of them go to reviewer r."""

    __slots__ = ("items", "size", "need", "allowed", "flow")

    def __init__(self, items: list, need: int, allowed: list[int], reviewers: int):
        self.items, self.size, self.need, self.allowed = items, len(items), need, allowed
        self.flow = [0] * reviewers


def _water_fill(kind: _Type, load: list[int]) -> None:
    """Give the type's size * need assignments to its least-loaded allowed reviewers, at most size each."""
    remaining = kind.size * kind.need
    heap = [(load[r], r) for r in kind.allowed]
    heapq.heapify(heap)
    while remaining:
        current, r = heapq.heappop(heap)
        room = kind.size - kind.flow[r]
        # Fill up to the next reviewer's level (at least one), then let the others catch up.
        gap = heap[0][0] - current if heap else remaining
        given = min(remaining, room, max(1, gap))
        kind.flow[r] += given
        load[r] += given
        remaining -= given
        if kind.flow[r] < kind.size:
            heapq.heappush(heap, (load[r], r))


def _balance(types: list[_Type], load: list[int]) -> None:
    """Move assignments along chains from heavier to lighter reviewers until no chain gains anything."""
    count = len(load)
    holders: list[set[int]] = [set() for _ in range(count)]  # the types each reviewer holds items of
    for t, kind in enumerate(types):
        for r in kind.allowed:
            if kind.flow[r]:
                holders[r].add(t)
    while True:
        lowest = min(load, default=0)
        for u in sorted(range(count), key=lambda r: (-load[r], r)):
            if load[u] - lowest < 2:
                return  # nobody left is two above the lightest reviewer
            found = _lightest_reachable(u, types, holders, load, lowest)
            if found is not None and load[found[0]] <= load[u] - 2:
                _augment(u, found, types, holders, load)
                break
        else:
            return


def _lightest_reachable(u: int, types: list[_Type], holders: list[set[int]], load: list[int], lowest: int):
    """Return (v, parents) for the lightest reviewer v that u can pass an assignment to, or None."""
    parent: dict[int, tuple[int, int] | None] = {u: None}
    queue = deque([u])
    best = None
    count = len(load)
    while queue and len(parent) < count:
        x = queue.popleft()
        for t in holders[x]:
            kind = types[t]
            for r in kind.allowed:
                if r not in parent and kind.flow[r] < kind.size:
                    parent[r] = (x, t)
                    queue.append(r)
                    if best is None or (load[r], r) < (load[best], best):
                        best = r
                        if load[r] == lowest:
                            return best, parent
            if len(parent) == count:
                break
    return None if best is None else (best, parent)


def _augment(u: int, found, types: list[_Type], holders: list[set[int]], load: list[int]) -> None:
    """Pass as many assignments as the chain from u to v allows, without v rising above u."""
    v, parent = found
    chain = []
    r = v
    while parent[r] is not None:
        x, t = parent[r]
        chain.append((x, t, r))
        r = x
    amount = (load[u] - load[v]) // 2
    for x, t, r in chain:
        kind = types[t]
        amount = min(amount, kind.flow[x], kind.size - kind.flow[r])
    for x, t, r in chain:
        kind = types[t]
        kind.flow[x] -= amount
        kind.flow[r] += amount
        if not kind.flow[x]:
            holders[x].discard(t)
        holders[r].add(t)
    load[u] -= amount
    load[v] += amount
