"""Reviewer assignment: every item staffed exactly, never a conflicted pair, loads as even as the conflicts allow."""

import itertools
import random

import pytest

from scoring.assignment import AssignmentImpossible, assign, assign_demands


def loads(plan, reviewers, current=None):
    load = {r: (current or {}).get(r, 0) for r in reviewers}
    for chosen in plan.values():
        for r in chosen:
            load[r] += 1
    return load


def spread(plan, reviewers, current=None):
    values = loads(plan, reviewers, current).values()
    return max(values) - min(values)


def best_spread(items, reviewers, per_item, conflicts, current):
    """Return the smallest spread of any valid plan, by trying them all."""
    options = [[c for c in itertools.combinations(reviewers, per_item) if not any((i, r) in conflicts for r in c)]
               for i in items]
    best = None
    for choice in itertools.product(*options):
        load = {r: current.get(r, 0) for r in reviewers}
        for chosen in choice:
            for r in chosen:
                load[r] += 1
        value = max(load.values()) - min(load.values())
        best = value if best is None else min(best, value)
    return best


def assert_valid(plan, items, per_item, conflicts):
    assert list(plan) == list(items)
    for item, chosen in plan.items():
        assert len(chosen) == per_item
        assert len(set(chosen)) == per_item
        assert [r for r in chosen if (item, r) in conflicts] == []


def test_without_conflicts_the_loads_are_equal():
    items = list(range(10))
    reviewers = ["an", "binh", "chi", "dung", "em"]

    plan = assign(items, reviewers, 3, set())

    assert_valid(plan, items, 3, set())
    assert loads(plan, reviewers) == {"an": 6, "binh": 6, "chi": 6, "dung": 6, "em": 6}


def test_an_item_is_never_given_a_conflicted_reviewer():
    plan = assign(["own union"], ["an", "binh", "chi", "dung"], 3, {("own union", "binh")})

    assert plan == {"own union": ["an", "chi", "dung"]}


def test_existing_loads_are_evened_out_first():
    reviewers = ["an", "binh", "chi"]

    plan = assign([1, 2, 3, 4, 5, 6, 7], reviewers, 1, set(), current_load={"an": 4, "binh": 1})

    assert loads(plan, reviewers, {"an": 4, "binh": 1}) == {"an": 4, "binh": 4, "chi": 4}
    assert [r for chosen in plan.values() for r in chosen].count("an") == 0


def test_items_that_cannot_be_staffed_are_all_named():
    conflicts = {("a", "an"), ("a", "binh"), ("c", "chi")}

    with pytest.raises(AssignmentImpossible) as raised:
        assign(["a", "b", "c"], ["an", "binh", "chi"], 2, conflicts)

    assert raised.value.items == ["a"]
    assert str(raised.value) == "not enough reviewers without a conflict for item(s): a"
    assert isinstance(raised.value, ValueError)


def test_more_reviewers_per_item_than_reviewers_is_impossible_for_every_item():
    with pytest.raises(AssignmentImpossible) as raised:
        assign([1, 2], ["an", "binh"], 3, set())

    assert raised.value.items == [1, 2]


def test_no_items_and_zero_per_item_give_empty_plans():
    assert assign([], ["an"], 3, set()) == {}
    assert assign([1, 2], ["an"], 0, set()) == {1: [], 2: []}


def test_repeated_items_or_reviewers_are_refused():
    with pytest.raises(ValueError):
        assign([1, 1], ["an", "binh"], 1, set())
    with pytest.raises(ValueError):
        assign([1], ["an", "an"], 1, set())
    with pytest.raises(ValueError):
        assign_demands({1: -1}, ["an"], set())


def test_heavy_conflicts_an_order_bound_greedy_gets_wrong_are_balanced():
    # The first 60 items conflict with "an" (her own union, arriving first); a greedy taking items in order gives
    # them to the others and leaves "an" far behind. Staffed together, the loads stay within one.
    reviewers = ["an", "binh", "chi", "dung"]
    items = list(range(80))
    conflicts = {(i, "an") for i in range(60)}

    plan = assign(items, reviewers, 2, conflicts)

    assert_valid(plan, items, 2, conflicts)
    assert loads(plan, reviewers) == {"an": 20, "binh": 47, "chi": 47, "dung": 46}


def test_when_conflicts_forbid_balance_the_spread_is_still_the_smallest_possible():
    # "an" may review only item 0: whatever happens she holds 1 and the others share the rest.
    reviewers = ["an", "binh", "chi"]
    items = list(range(7))
    conflicts = {(i, "an") for i in range(1, 7)}

    plan = assign(items, reviewers, 1, conflicts)

    assert loads(plan, reviewers) == {"an": 1, "binh": 3, "chi": 3}
    assert spread(plan, reviewers) == best_spread(items, reviewers, 1, conflicts, {})


def test_items_may_need_different_numbers_of_reviewers():
    plan = assign_demands({"short one": 1, "new": 3}, ["an", "binh", "chi"], {("short one", "an")},
                          current_load={"binh": 1})

    assert plan == {"short one": ["chi"], "new": ["an", "binh", "chi"]}


@pytest.mark.parametrize("seed", range(12))
def test_random_small_instances_reach_the_brute_force_optimum(seed):
    rng = random.Random(seed)
    for _ in range(40):
        reviewers = [f"r{n}" for n in range(rng.randint(2, 5))]
        per_item = rng.randint(1, min(2, len(reviewers)))
        items = list(range(rng.randint(1, 5)))
        conflicts = {(i, r) for i in items for r in reviewers if rng.random() < 0.35}
        current = {r: rng.randint(0, 3) for r in reviewers if rng.random() < 0.5}
        staffable = all(sum((i, r) not in conflicts for r in reviewers) >= per_item for i in items)
        if not staffable:
            with pytest.raises(AssignmentImpossible):
                assign(items, reviewers, per_item, conflicts, current)
            continue

        plan = assign(items, reviewers, per_item, conflicts, current)

        assert_valid(plan, items, per_item, conflicts)
        assert spread(plan, reviewers, current) == best_spread(items, reviewers, per_item, conflicts, current)


def test_a_large_random_instance_is_staffed_within_a_spread_of_one():
    rng = random.Random(7)
    reviewers = [f"r{n}" for n in range(30)]
    items = list(range(3000))
    conflicts = {(i, r) for i in items for r in rng.sample(reviewers, rng.randint(0, 6))}

    plan = assign(items, reviewers, 3, conflicts)

    assert_valid(plan, items, 3, conflicts)
    assert spread(plan, reviewers) <= 1
