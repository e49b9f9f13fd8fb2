"""Measure tree queries over a national union tree: materialised paths against recursive CTEs over parent_id.

A tree shaped like the national one (default 126,000 units: the confederation, 63 province federations and
20 central sector unions, ~700 upper-level unions, grassroots unions and some union groups) is imported with
``unit_services.import_tree`` into a fresh SQLite file and, when a PostgreSQL URL is given (``--postgres`` or
BENCH_POSTGRES_URL), into a schema of its own that is dropped afterwards. Then, for units drawn at random with a
fixed seed, each query runs both ways in the same process, alternating which goes first:

- subtree of a province federation, a district federation and a grassroots union (count, then list of ids):
  the path range of ``unions.queries.in_subtree`` against a recursive CTE down ``unit.parent_id``;
- ancestors of a grassroots union: ``unions.queries.get_ancestors`` against a recursive CTE up ``parent_id``;
- "is unit X inside the subtree of Y": ``unions.roles.path_within`` on the two loaded paths against a
  recursive CTE from X upwards looking for Y.

Both methods start from a loaded unit, as the views do: the product's uses its path, the baseline its id.
Results of both are compared on a few samples first; any disagreement exits with status 1.
One JSON object goes to stdout, progress to stderr.

Run: ``python -m bench.tree_queries [--units N] [--repetitions N] [--postgres URL]``.
"""

import argparse
import contextlib
import json
import math
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, exists, func, select, text  # noqa: E402

from app import create_app  # noqa: E402
from core.extensions import db  # noqa: E402
from unions import unit_services  # noqa: E402
from unions.levels import UnitLevel  # noqa: E402
from unions.models import Unit  # noqa: E402
from unions.queries import get_ancestors, get_subtree_ids, in_subtree  # noqa: E402
from unions.roles import path_within  # noqa: E402
from unions.tree import TreeRow  # noqa: E402

DEFAULT_UNITS = 126_000
MIN_UNITS = 1_000
DEFAULT_REPETITIONS = 200
DEFAULT_SEED = 20240601
VERIFY_SAMPLES = 20

PROVINCES = 63
CENTRAL_SECTORS = 20
UPPER_SHARE = 700 / 126_000  # upper-level unions per unit at national scale
MIN_UPPER = PROVINCES + CENTRAL_SECTORS
DISTRICT_SHARE = 0.82  # of the upper-level unions; industrial-zone unions take INDUSTRIAL_ZONE_SHARE, the
INDUSTRIAL_ZONE_SHARE = 0.06  # corporation unions (under central sector unions) the rest
GROUP_SHARE = 0.10  # of the units below the upper levels
DIRECT_GRASSROOTS_SHARE = 0.12  # grassroots unions directly under a province federation or central sector union

QueryFn = Callable[[Any], object]


def log(message: str) -> None:
    """Write a progress line to stderr."""
    print(message, file=sys.stderr, flush=True)


# --- the tree ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TreeShape:
    """How many units of each kind the generated tree holds."""

    districts: int
    industrial_zones: int
    corporations: int
    grassroots: int
    groups: int

    @classmethod
    def for_total(cls, total: int) -> "TreeShape":
        """Split total units across the levels in national proportions."""
        upper = max(MIN_UPPER, round(total * UPPER_SHARE))
        districts = max(PROVINCES, round(upper * DISTRICT_SHARE))
        industrial_zones = round(upper * INDUSTRIAL_ZONE_SHARE)
        corporations = upper - districts - industrial_zones
        below = total - 1 - PROVINCES - CENTRAL_SECTORS - upper
        groups = round(below * GROUP_SHARE)
        return cls(districts, industrial_zones, corporations, below - groups, groups)


class TreeBuilder:
    """Collect tree-file rows, numbering them as a file would."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.rows: list[TreeRow] = []

    def add(self, code: str, name: str, level: UnitLevel, parent: str = "", members: str = "") -> str:
        """Append one row and return its code."""
        self.rows.append(TreeRow(len(self.rows) + 2, code, name, level.value, parent, members))
        return code

    def weights(self, n: int, sigma: float) -> list[float]:
        """Return n skewed sizes, so that a few parents are much larger than most."""
        return [self.rng.lognormvariate(0.0, sigma) for _ in range(n)]


def build_rows(total: int, seed: int) -> list[TreeRow]:
    """Return the rows of a national tree of about total units, the same for the same seed."""
    shape = TreeShape.for_total(total)
    tree = TreeBuilder(random.Random(seed))
    root = tree.add("VN", "Tổng Liên đoàn Lao động Việt Nam", UnitLevel.CONFEDERATION)
    provinces = [tree.add(f"P{i:02d}", f"Liên đoàn Lao động tỉnh {i:02d}", UnitLevel.PROVINCE_FEDERATION, root)
                 for i in range(1, PROVINCES + 1)]
    sectors = [tree.add(f"C{i:02d}", f"Công đoàn ngành Trung ương {i:02d}", UnitLevel.CENTRAL_SECTOR_UNION, root)
               for i in range(1, CENTRAL_SECTORS + 1)]
    province_weights, sector_weights = tree.weights(PROVINCES, 0.7), tree.weights(CENTRAL_SECTORS, 0.5)
    upper, upper_weights = _add_upper(tree, shape, provinces, province_weights, sectors, sector_weights)
    grassroots = _add_grassroots(tree, shape.grassroots, provinces + sectors, province_weights + sector_weights,
                                 upper, upper_weights)
    _add_groups(tree, shape.groups, grassroots)
    return tree.rows


def _add_upper(tree: TreeBuilder, shape: TreeShape, provinces: list[str], province_weights: list[float],
               sectors: list[str], sector_weights: list[float]) -> tuple[list[str], list[float]]:
    """Add district federations, industrial-zone and corporation unions; return them with their sizes."""
    rng = tree.rng
    district_parents = provinces + rng.choices(provinces, province_weights, k=shape.districts - PROVINCES)
    zone_parents = rng.choices(provinces, province_weights, k=shape.industrial_zones)
    corporation_parents = rng.choices(sectors, sector_weights, k=shape.corporations)
    upper: list[str] = []
    weights: list[float] = []
    kinds = ((district_parents, "D", "Liên đoàn Lao động huyện", UnitLevel.DISTRICT_FEDERATION, 1.0),
             (zone_parents, "K", "Công đoàn Khu công nghiệp", UnitLevel.INDUSTRIAL_ZONE_UNION, 3.0),
             (corporation_parents, "T", "Công đoàn Tổng công ty", UnitLevel.CORPORATION_UNION, 1.0))
    for parents, prefix, name, level, scale in kinds:
        for i, parent in enumerate(sorted(parents), start=1):
            upper.append(tree.add(f"{prefix}{i:04d}", f"{name} {i:04d}", level, parent))
            weights.append(scale * rng.lognormvariate(0.0, 0.9))
    return upper, weights


def _add_grassroots(tree: TreeBuilder, count: int, top: list[str], top_weights: list[float], upper: list[str],
                    upper_weights: list[float]) -> list[str]:
    """Add the grassroots unions, most under an upper-level union, some directly under a top-level one."""
    rng = tree.rng
    direct = round(count * DIRECT_GRASSROOTS_SHARE)
    parents = rng.choices(top, top_weights, k=direct) + rng.choices(upper, upper_weights, k=count - direct)
    return [tree.add(f"G{i:06d}", f"Công đoàn cơ sở Công ty {i:06d}", UnitLevel.GRASSROOTS, parent,
                     str(rng.randint(10, 1500)))
            for i, parent in enumerate(parents, start=1)]


def _add_groups(tree: TreeBuilder, count: int, grassroots: list[str]) -> None:
    """Add union groups under grassroots unions drawn at random."""
    rng = tree.rng
    for i, parent in enumerate(rng.choices(grassroots, k=count), start=1):
        tree.add(f"N{i:06d}", f"Tổ công đoàn {i:06d}", UnitLevel.UNION_GROUP, parent, str(rng.randint(5, 60)))


def describe_rows(rows: list[TreeRow]) -> dict:
    """Return the number of units per level and the size of the largest province subtree."""
    levels: dict[str, int] = {}
    for row in rows:
        levels[row.level] = levels.get(row.level, 0) + 1
    parent_of = {row.code: row.parent_code for row in rows}
    province_sizes: dict[str, int] = {}
    for code in parent_of:
        while code and not code.startswith("P"):
            code = parent_of[code]
        if code:
            province_sizes[code] = province_sizes.get(code, 0) + 1
    sizes = sorted(province_sizes.values())
    return {"levels": levels, "province_subtree_units": {"min": sizes[0], "p50": statistics.median(sizes),
                                                         "max": sizes[-1]}}


# --- the queries -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScopePair:
    """A permission check: is unit inside the subtree of the scope unit (given by id and path)."""

    unit: Unit
    scope_id: int
    scope_path: str


def _descendants(unit_id: int):
    """Return a recursive CTE of the ids of unit_id and every unit below it, walking parent_id down."""
    tree = select(Unit.id).where(Unit.id == unit_id).cte("descendants", recursive=True)
    return tree.union_all(select(Unit.id).where(Unit.parent_id == tree.c.id))


def _upwards(unit_id: int | None):
    """Return a recursive CTE of unit_id and every unit above it, walking parent_id up."""
    chain = select(Unit.id, Unit.parent_id).where(Unit.id == unit_id).cte("ancestors", recursive=True)
    return chain.union_all(select(Unit.id, Unit.parent_id).where(Unit.id == chain.c.parent_id))


def subtree_count_ours(unit: Unit) -> int:
    """Count the subtree as one index range on path."""
    return db.session.scalar(select(func.count()).select_from(Unit).where(in_subtree(Unit.path, unit.path)))


def subtree_count_baseline(unit: Unit) -> int:
    """Count the subtree with a recursive CTE over parent_id."""
    return db.session.scalar(select(func.count()).select_from(_descendants(unit.id)))


def subtree_ids_ours(unit: Unit) -> list[int]:
    """List the subtree's ids with the product's path range."""
    return get_subtree_ids(unit)


def subtree_ids_baseline(unit: Unit) -> list[int]:
    """List the subtree's ids with a recursive CTE over parent_id."""
    tree = _descendants(unit.id)
    return list(db.session.scalars(select(tree.c.id)))


def ancestors_ours(unit: Unit) -> list[int]:
    """Load the ancestors, root first, by the ids written in the path."""
    return [ancestor.id for ancestor in get_ancestors(unit)]


def ancestors_baseline(unit: Unit) -> list[int]:
    """Load the ancestors, root first, with a recursive CTE up parent_id."""
    if unit.parent_id is None:
        return []
    chain = _upwards(unit.parent_id)
    query = select(Unit).join(chain, Unit.id == chain.c.id).order_by(Unit.depth)
    return [ancestor.id for ancestor in db.session.scalars(query)]


def within_ours(pair: ScopePair) -> bool:
    """Check the scope by comparing the two loaded paths."""
    return path_within(pair.unit.path, pair.scope_path)


def within_baseline(pair: ScopePair) -> bool:
    """Check the scope with a recursive CTE from the unit upwards, looking for the scope unit."""
    chain = _upwards(pair.unit.id)
    return bool(db.session.scalar(select(exists().where(chain.c.id == pair.scope_id))))


@dataclass(frozen=True)
class QueryCase:
    """One query measured both ways over the same samples; normalise makes the two results comparable."""

    name: str
    ours: QueryFn
    baseline: QueryFn
    samples: list
    normalise: Callable[[object], object] = lambda result: result


def _load_units(ids: list[int]) -> list[Unit]:
    """Load the units with these ids (repeats allowed), in the same order, detached from the session."""
    found = {unit.id: unit for unit in db.session.scalars(select(Unit).where(Unit.id.in_(set(ids))))}
    return [found[unit_id] for unit_id in ids]


def _ids_of_level(level: UnitLevel) -> list[int]:
    """Return the ids of every unit of a level, in id order."""
    return list(db.session.scalars(select(Unit.id).where(Unit.level == level).order_by(Unit.id)))


def _scope_pairs(rng: random.Random, units: list[Unit], provinces: list[Unit]) -> list[ScopePair]:
    """Pair each unit with a scope: half the time one of its own ancestors, else a random province."""
    pairs = []
    for unit in units:
        ancestor_ids = unit.ancestor_ids
        if rng.random() < 0.5:
            cut = rng.randint(1, len(ancestor_ids))
            scope_path = "/" + "".join(f"{i}/" for i in ancestor_ids[:cut])
            pairs.append(ScopePair(unit, ancestor_ids[cut - 1], scope_path))
        else:
            province = rng.choice(provinces)
            pairs.append(ScopePair(unit, province.id, province.path))
    return pairs


def build_cases(repetitions: int, seed: int) -> list[QueryCase]:
    """Draw the sample units with a fixed seed and return every query case."""
    rng = random.Random(seed)
    province_ids = _ids_of_level(UnitLevel.PROVINCE_FEDERATION)
    district_ids = _ids_of_level(UnitLevel.DISTRICT_FEDERATION)
    grassroots_ids = _ids_of_level(UnitLevel.GRASSROOTS)
    provinces = _load_units(rng.choices(province_ids, k=repetitions))
    districts = _load_units(rng.choices(district_ids, k=repetitions))
    grassroots = _load_units(rng.choices(grassroots_ids, k=repetitions))
    members = _load_units(rng.choices(grassroots_ids, k=repetitions))
    pairs = _scope_pairs(rng, _load_units(rng.choices(grassroots_ids, k=repetitions)), _load_units(province_ids))
    db.session.expunge_all()
    cases = []
    for label, units in (("province", provinces), ("district", districts), ("grassroots", grassroots)):
        cases.append(QueryCase(f"subtree_{label}_count", subtree_count_ours, subtree_count_baseline, units))
        cases.append(QueryCase(f"subtree_{label}_ids", subtree_ids_ours, subtree_ids_baseline, units, sorted))
    cases.append(QueryCase("ancestors_grassroots", ancestors_ours, ancestors_baseline, members))
    cases.append(QueryCase("within_scope", within_ours, within_baseline, pairs))
    return cases


# --- measuring ---------------------------------------------------------------------------------------------


def verify(case: QueryCase) -> list[str]:
    """Run both methods on the first samples and describe every disagreement."""
    problems = []
    for sample in case.samples[:VERIFY_SAMPLES]:
        ours, baseline = case.normalise(case.ours(sample)), case.normalise(case.baseline(sample))
        db.session.expunge_all()
        if ours != baseline:
            problems.append(f"{case.name}: {sample!r}: ours {_short(ours)} != baseline {_short(baseline)}")
    return problems


def _short(value: object) -> str:
    """Return value as text, cut to a readable length."""
    text_value = repr(value)
    return text_value if len(text_value) <= 200 else text_value[:200] + "…"


def _timed_ms(fn: QueryFn, sample: Any) -> float:
    """Run fn once on sample and return the elapsed milliseconds; the session is emptied afterwards."""
    start = time.perf_counter_ns()
    fn(sample)
    elapsed = time.perf_counter_ns() - start
    db.session.expunge_all()
    return elapsed / 1e6


def measure(case: QueryCase) -> dict:
    """Time both methods on every sample, alternating which runs first, and summarise."""
    ours_ms: list[float] = []
    baseline_ms: list[float] = []
    for index, sample in enumerate(case.samples):
        runs = [(case.ours, ours_ms), (case.baseline, baseline_ms)]
        for fn, times in runs if index % 2 == 0 else reversed(runs):
            times.append(_timed_ms(fn, sample))
    ours, baseline = summarise(ours_ms), summarise(baseline_ms)
    return {"ours_ms": ours, "baseline_ms": baseline, "speedup_p50": ratio(baseline["p50"], ours["p50"]),
            "speedup_p95": ratio(baseline["p95"], ours["p95"])}


def summarise(times: list[float]) -> dict:
    """Return the median and 95th percentile of times."""
    ordered = sorted(times)
    p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]
    return {"p50": _round(statistics.median(ordered)), "p95": _round(p95)}


def ratio(numerator: float, denominator: float) -> float | None:
    """Return numerator / denominator to three significant digits (None when denominator is zero)."""
    return _round(numerator / denominator, 3) if denominator else None


def _round(value: float, digits: int = 4) -> float:
    """Round value to a number of significant digits."""
    return float(f"{value:.{digits}g}")


# --- engines -----------------------------------------------------------------------------------------------


def _postgres_url(url: str) -> str:
    """Return url with the psycopg 3 driver named."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


@contextlib.contextmanager
def sqlite_database(folder: str) -> Iterator[str]:
    """Yield the URL of a new SQLite file in folder."""
    yield f"sqlite:///{Path(folder) / 'tree_bench.sqlite3'}"


@contextlib.contextmanager
def postgres_schema(url: str) -> Iterator[str]:
    """Create a schema for the run, yield a URL whose search_path is that schema, and drop it afterwards."""
    url = _postgres_url(url)
    schema = "bench_" + uuid.uuid4().hex[:12]
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        separator = "&" if "?" in url else "?"
        yield f"{url}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def import_units(rows: list[TreeRow]) -> float:
    """Import rows through the product's bulk path, commit, and return the seconds taken."""
    start = time.perf_counter()
    result = unit_services.import_tree(None, rows)
    if not result.ok:
        raise SystemExit(f"the generated tree was rejected: {result.problems[:5]}")
    db.session.commit()
    return time.perf_counter() - start


def analyze() -> float:
    """Refresh the planner's statistics after the bulk load, as a maintained database would have them."""
    start = time.perf_counter()
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE unit"))
    else:
        db.session.execute(text("ANALYZE"))
        db.session.commit()
    return time.perf_counter() - start


def run_engine(name: str, url: str, rows: list[TreeRow], repetitions: int, seed: int) -> dict:
    """Build the schema, import the tree, check both methods agree, and time every query on one engine."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": os.environ["SECRET_KEY"]})
    with app.app_context():
        try:
            db.create_all()
            log(f"{name}: importing {len(rows)} units")
            import_seconds = import_units(rows)
            analyze_seconds = analyze()
            log(f"{name}: imported in {import_seconds:.1f} s; measuring")
            cases = build_cases(repetitions, seed)
            problems = [problem for case in cases for problem in verify(case)]
            if problems:
                log("\n".join(problems))
                raise SystemExit(f"{name}: the two methods disagree on {len(problems)} samples")
            queries = {case.name: measure(case) for case in cases}
            db.session.rollback()
        finally:
            db.session.remove()
            db.engine.dispose()
    return {"import_seconds": round(import_seconds, 2), "analyze_seconds": round(analyze_seconds, 2),
            "queries": queries}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=DEFAULT_UNITS, help="units in the generated tree")
    parser.add_argument("--repetitions", type=int, default=DEFAULT_REPETITIONS, help="samples per query")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed of the tree and the samples")
    parser.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES_URL", "").strip() or None,
                        help="also run on this PostgreSQL database (default: $BENCH_POSTGRES_URL)")
    args = parser.parse_args(argv)
    if args.units < MIN_UNITS:
        parser.error(f"--units must be at least {MIN_UNITS}")
    if args.repetitions < VERIFY_SAMPLES:
        parser.error(f"--repetitions must be at least {VERIFY_SAMPLES}")
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark on every requested engine and print the results as one JSON object."""
    args = parse_args(argv)
    rows = build_rows(args.units, args.seed)
    result = {"units": len(rows), "repetitions": args.repetitions, "seed": args.seed, "tree": describe_rows(rows),
              "engines": {}}
    with tempfile.TemporaryDirectory(prefix="tree-bench-") as folder:
        os.environ["INSTANCE_PATH"] = str(Path(folder) / "instance")
        os.environ.setdefault("SECRET_KEY", "tree-bench-" + uuid.uuid4().hex)
        targets = [("sqlite", sqlite_database(folder))]
        if args.postgres:
            targets.append(("postgresql", postgres_schema(args.postgres)))
        for name, target in targets:
            with target as url:
                result["engines"][name] = run_engine(name, url, rows, args.repetitions, args.seed)
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
