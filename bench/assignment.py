"""Measure reviewer assignment on a council's full queue: the product's solver against a naive greedy.

A province's tree is generated with a fixed seed: 12 district federations of 30–60 grassroots unions each and three
sector unions of 15–30, about 600 grassroots unions, with initiatives spread over them unevenly (a few large
companies send hundreds, most schools a handful). The province council has 30 reviewers; each belongs to a
grassroots union (drawn in proportion to the unions' initiatives, as people are), a third of them also administer a
district federation (its whole subtree) and another third are officers of their own union. Their conflicts are
what the council enforces: no reviewer on an initiative of their own union or of a unit they administer.

Both methods staff every initiative with 3 reviewers in the same run, on the same instance, from the same loads:

- ``scoring.assignment.assign``, the product's solver;
- a naive greedy: each initiative in turn to the 3 least-loaded reviewers without a conflict (ties by order).

For each: seconds, the max - min of the final loads, the conflicted pairs it assigned (must be 0) and whether every
initiative got 3 distinct reviewers. The same comparison runs a second time from uneven existing loads (a council
that already assigned part of its queue), and a third time with random conflicts (up to 8 reviewers per initiative,
so that nearly every initiative conflicts with a set of reviewers of its own: the solver's worst case for grouping).
One JSON object goes to stdout.

Run: ``python -m bench.assignment [--items N] [--reviewers N] [--per-item N] [--seed N]``.
"""

import argparse
import heapq
import json
import random
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scoring.assignment import assign  # noqa: E402

DEFAULT_ITEMS = 10_000
DEFAULT_REVIEWERS = 30
DEFAULT_PER_ITEM = 3
DEFAULT_SEED = 2021


def generate_tree(rng: random.Random) -> tuple[list[tuple[str, str]], dict[str, float]]:
    """Return (grassroots union, its upper-level union) pairs and each union's weight in the initiatives."""
    unions = []
    weights = {}
    uppers = [f"district-{d}" for d in range(1, 13)] + ["sector-education", "sector-health", "industrial-zone"]
    for upper in uppers:
        count = rng.randint(15, 30) if upper.startswith(("sector", "industrial")) else rng.randint(30, 60)
        for g in range(count):
            union = f"{upper}/union-{g}"
            unions.append((union, upper))
            # Companies of the industrial zone send many initiatives; schools and clinics a few.
            weights[union] = rng.paretovariate(1.2) * (8 if upper == "industrial-zone" else 1)
    return unions, weights


def generate_instance(items: int, reviewers: int, seed: int):
    """Return (initiative ids, reviewer ids, conflicts) drawn from a generated province."""
    rng = random.Random(seed)
    unions, weights = generate_tree(rng)
    names = [union for union, _ in unions]
    upper_of = dict(unions)
    union_of_item = dict(enumerate(rng.choices(names, weights=[weights[n] for n in names], k=items), start=1))
    people = [f"reviewer-{n:02d}" for n in range(1, reviewers + 1)]
    own = dict(zip(people, rng.choices(names, weights=[weights[n] for n in names], k=reviewers), strict=True))
    administered: dict[str, set[str]] = {}
    districts = sorted({upper for upper in upper_of.values()})
    for n, person in enumerate(people):
        if n == 0:
            administered[person] = {"industrial-zone"}  # the industrial-zone union's chairman
        elif n % 3 == 0:
            administered[person] = {rng.choice(districts)}  # a district federation's staff
        elif n % 3 == 1:
            administered[person] = {own[person]}  # an officer of their own union
        else:
            administered[person] = set()
    conflicts = {(item, person) for item, union in union_of_item.items() for person in people
                 if union == own[person] or union in administered[person] or upper_of[union] in administered[person]}
    # The queue is in order of arrival, and a union's initiatives arrive together (an officer's Excel import).
    position = {name: n for n, name in enumerate(names)}
    arrival = sorted(union_of_item, key=lambda item: (position[union_of_item[item]], item))
    return arrival, people, conflicts


def naive_greedy(items, reviewers, per_item, conflicts, current_load=None):
    """Give each item in turn to the per_item least-loaded reviewers it does not conflict with."""
    load = {r: (current_load or {}).get(r, 0) for r in reviewers}
    order = {r: n for n, r in enumerate(reviewers)}
    plan = {}
    for item in items:
        free = [r for r in reviewers if (item, r) not in conflicts]
        chosen = heapq.nsmallest(per_item, free, key=lambda r: (load[r], order[r]))
        for r in chosen:
            load[r] += 1
        plan[item] = chosen
    return plan


def figures(method, items, reviewers, per_item, conflicts, current_load) -> dict:
    """Run one method and return its time, load spread, violations and completeness."""
    started = time.perf_counter()
    plan = method(items, reviewers, per_item, conflicts, dict(current_load))
    seconds = time.perf_counter() - started
    load = {r: current_load.get(r, 0) for r in reviewers}
    for chosen in plan.values():
        for r in chosen:
            load[r] += 1
    return {
        "seconds": round(seconds, 3),
        "load_min": min(load.values()),
        "load_max": max(load.values()),
        "load_spread": max(load.values()) - min(load.values()),
        "conflicts_violated": sum((item, r) in conflicts for item, chosen in plan.items() for r in chosen),
        "complete": len(plan) == len(items) and all(len(set(c)) == per_item for c in plan.values()),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--items", type=int, default=DEFAULT_ITEMS)
    parser.add_argument("--reviewers", type=int, default=DEFAULT_REVIEWERS)
    parser.add_argument("--per-item", type=int, default=DEFAULT_PER_ITEM)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)

    items, reviewers, conflicts = generate_instance(args.items, args.reviewers, args.seed)
    rng = random.Random(args.seed + 1)
    existing = {r: rng.randint(0, 60) for r in reviewers}
    result = {
        "items": len(items), "reviewers": len(reviewers), "per_item": args.per_item,
        "conflicted_pairs": len(conflicts),
        "conflicts_per_reviewer_max": max(sum(1 for _, r in conflicts if r == person) for person in reviewers),
        "fresh": {"solver": figures(assign, items, reviewers, args.per_item, conflicts, {}),
                  "naive_greedy": figures(naive_greedy, items, reviewers, args.per_item, conflicts, {})},
        "existing_loads": {"loads_before": [min(existing.values()), max(existing.values())],
                           "solver": figures(assign, items, reviewers, args.per_item, conflicts, existing),
                           "naive_greedy": figures(naive_greedy, items, reviewers, args.per_item, conflicts,
                                                   existing)},
    }
    random_conflicts = {(item, person) for item in items for person in rng.sample(reviewers, rng.randint(0, 8))}
    result["random_conflicts"] = {
        "conflicted_pairs": len(random_conflicts),
        "solver": figures(assign, items, reviewers, args.per_item, random_conflicts, {}),
        "naive_greedy": figures(naive_greedy, items, reviewers, args.per_item, random_conflicts, {})}
    print(json.dumps(result, indent=2))
    ok = all(result[case]["solver"]["conflicts_violated"] == 0 and result[case]["solver"]["complete"]
             for case in ("fresh", "existing_loads", "random_conflicts"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
