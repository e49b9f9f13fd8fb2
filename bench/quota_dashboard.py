"""Benchmark the quota dashboards at national scale against counting the initiatives; print one JSON object.

A generated tree of 126,000 units (``bench.tree_queries.build_rows``) gets 2,400,000 initiatives in three
programmes with phases, in every state, each with the timeline steps of its state; ``quota.rebuild.rebuild`` (the
path of ``flask quota rebuild``) turns that history into the counters. Then, per level (the confederation, a
province, a district, a grassroots union):

- the dashboard's whole query set (``quota.dashboard.build``: headline, children, blocs, phases, the cumulative
  series, the mix by field, the pace) now and as of a day, p50 and p95;
- the naive way beside it, in the same run: the headline, one subtree count per child and the series counted over
  the initiatives, the as-of day applied to the rows (submitted by then, in a counting state now); its p50.

Every sample's figures are checked against the naive counts first (now, where both must agree exactly). Then the
cost a submission pays for live counts: ``initiatives.services.submit`` with and without the quota's receiver; and,
on PostgreSQL, many submissions committing at once with the top units' counters in shards and in one row each (the
whole submission, and the time adding to the counters takes at commit, where waiting for a locked row would show).

Run: ``python -m bench.quota_dashboard [--initiatives N] [--units N] [--repetitions N] [--postgres URL]``.
"""

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from unittest import mock

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event, func, insert, select, text  # noqa: E402

from app import create_app  # noqa: E402
from bench.initiative_lists import bulk_load_pragmas  # noqa: E402
from bench.tree_queries import build_rows, import_units, log, postgres_schema, ratio, sqlite_database, summarise  # noqa: E402
from core.extensions import db  # noqa: E402
from core.timeutil import local_day_start, local_today  # noqa: E402
from initiatives import search, services  # noqa: E402
from initiatives import signals as initiative_signals  # noqa: E402
from initiatives.lifecycle import Status  # noqa: E402
from initiatives.models import Initiative, InitiativeEvent, Phase, Programme  # noqa: E402
from initiatives.queries import in_units_under  # noqa: E402
from initiatives.rules import Field  # noqa: E402
from quota import counters, dashboard, rebuild, receivers  # noqa: E402
from quota import services as quota_services  # noqa: E402
from quota.credit import counting_states  # noqa: E402
from quota.queries import get_counts_from  # noqa: E402
from unions.levels import UnitLevel  # noqa: E402
from unions.models import Unit, User  # noqa: E402
from unions.queries import get_children  # noqa: E402
from unions.roles import AccountStatus  # noqa: E402

DEFAULT_INITIATIVES = 2_400_000
DEFAULT_UNITS = 126_000
DEFAULT_REPETITIONS = 30
NAIVE_REPETITIONS = 5
DEFAULT_SEED = 20210530
CHUNK = 20_000
SUBMISSIONS = 60
CONCURRENT_WRITERS, SUBMISSIONS_EACH = 8, 12
TODAY = date.today()
# (name, opens, closes, phases, share of the initiatives, what counts); the last one runs now.
PROGRAMMES = (
    ("75 nghìn sáng kiến, vượt khó, phát triển", date(2021, 4, 1), date(2021, 5, 30), 2, 0.15, "submitted"),
    ("1 triệu sáng kiến", date(2022, 1, 1), date(2023, 12, 31), 4, 0.45, "confirmed"),
    ("Sáng kiến vì người lao động", TODAY - timedelta(days=300), TODAY + timedelta(days=65), 3, 0.40, "submitted"),
)
# state -> (weight, the steps after submission its timeline holds)
STATES = {
    Status.SUBMITTED: (14, ()), Status.CONFIRMED: (40, ("confirm",)), Status.IN_REVIEW: (10, ("confirm",)),
    Status.RECOGNISED: (20, ("confirm", "recognise")), Status.NOT_RECOGNISED: (6, ("confirm", "reject")),
    Status.RETURNED: (4, ("return",)), Status.WITHDRAWN: (5, ("withdraw",)), Status.DRAFT: (1, None),
}
STEP_TARGET = {"confirm": Status.CONFIRMED, "recognise": Status.RECOGNISED, "reject": Status.NOT_RECOGNISED,
               "return": Status.RETURNED, "withdraw": Status.WITHDRAWN}
FIELDS = [field.value for field in Field]
LEVELS = (("confederation", (UnitLevel.CONFEDERATION,)),
          ("province", (UnitLevel.PROVINCE_FEDERATION,)),
          ("district", (UnitLevel.DISTRICT_FEDERATION,)),
          ("grassroots", (UnitLevel.GRASSROOTS,)))


# --- the data ----------------------------------------------------------------------------------------------


def insert_programmes(root_id: int) -> list[dict]:
    """Add the programmes, their phases and what counts in each; return them as plain values."""
    found = []
    for name, opens, closes, phases, share, counts_from in PROGRAMMES:
        programme = Programme(name=name, owner_unit_id=root_id, opens_on=opens, closes_on=closes, fields=[])
        step = (closes - opens) / phases
        programme.phases = [Phase(name=f"Đợt {n + 1}", opens_on=opens + step * n,
                                  closes_on=opens + step * (n + 1) - timedelta(days=1)) for n in range(phases)]
        programme.phases[-1].closes_on = closes
        db.session.add(programme)
        db.session.flush()
        quota_services.save_setting(None, programme, counts_from=counts_from, public=False)
        found.append({"id": programme.id, "opens": opens, "last": min(closes, TODAY - timedelta(days=1)),
                      "share": share, "phases": [(p.id, p.opens_on, p.closes_on) for p in programme.phases]})
    return found


def load(initiatives: int, units: int, seed: int) -> dict:
    """Import the tree, then insert the initiatives with their timelines, and replay them into the counters."""
    timings = {"units_seconds": round(import_units(build_rows(units, seed)), 1)}
    start = time.perf_counter()
    search.uninstall(db.session.connection())  # the dashboards do not search; loading goes faster without it
    root_id = db.session.scalar(select(Unit.id).where(Unit.parent_id.is_(None)))
    grassroots = list(db.session.scalars(select(Unit.id).where(Unit.level == UnitLevel.GRASSROOTS).order_by(Unit.id)))
    submitter = db.session.execute(insert(User).returning(User.id), [{
        "full_name": "Cán bộ nhập liệu", "email": "entry@bench.vn", "password_hash": "!", "unit_id": grassroots[0],
        "status": AccountStatus.ACTIVE}]).scalar_one()
    programmes = insert_programmes(root_id)
    rng = random.Random(seed)
    weights = [rng.lognormvariate(0.0, 1.0) for _ in grassroots]
    states = list(STATES)
    state_weights = [STATES[state][0] for state in states]
    loaded = 0
    for programme in programmes:
        count = round(initiatives * programme["share"])
        span = (programme["last"] - programme["opens"]).days
        for start_at in range(0, count, CHUNK):
            size = min(CHUNK, count - start_at)
            rows, timelines = [], []
            for unit_id, status in zip(rng.choices(grassroots, weights, k=size),
                                       rng.choices(states, state_weights, k=size), strict=True):
                day = programme["opens"] + timedelta(days=min(span, int(span * rng.random() ** 0.8)))
                submitted = local_day_start(day) + timedelta(minutes=rng.randint(60, 600))
                phase_id = next((pid for pid, opens, closes in programme["phases"] if opens <= day <= closes), None)
                steps = STATES[status][1]
                rows.append({"programme_id": programme["id"], "phase_id": phase_id, "unit_id": unit_id,
                             "submitter_id": submitter, "status": status, "title": f"Sáng kiến {loaded + len(rows)}",
                             "field": rng.choice(FIELDS), "benefit_vnd": rng.choice((0, 5_000_000, 40_000_000)),
                             "search_text": "", "created_at": submitted, "updated_at": submitted,
                             "submitted_at": None if steps is None else submitted})
                timeline = [(submitted - timedelta(minutes=30), "create", Status.DRAFT, None)]
                if steps is not None:
                    timeline.append((submitted, "submit", Status.SUBMITTED, phase_id))
                    at = submitted
                    for step in steps:
                        at = min(at + timedelta(hours=rng.randint(5, 200)),
                                 local_day_start(programme["last"] + timedelta(days=1)) - timedelta(minutes=1))
                        timeline.append((at, step, STEP_TARGET[step], phase_id))
                timelines.append(timeline)
            ids = db.session.execute(insert(Initiative).returning(Initiative.id, sort_by_parameter_order=True),
                                     rows).scalars().all()
            db.session.execute(insert(InitiativeEvent), [_event(initiative_id, *step) for initiative_id, timeline
                                                         in zip(ids, timelines, strict=True) for step in timeline])
            loaded += size
            if loaded % 200_000 < CHUNK:
                log(f"  {loaded} initiatives")
    db.session.commit()
    timings["initiatives_seconds"] = round(time.perf_counter() - start, 1)
    start = time.perf_counter()
    rebuild.rebuild()
    db.session.commit()
    timings["rebuild_seconds"] = round(time.perf_counter() - start, 1)
    timings["analyze_seconds"] = round(_analyze(), 1)
    return timings


def _event(initiative_id: int, at: datetime, step: str, status: Status, phase_id: int | None) -> dict:
    return {"initiative_id": initiative_id, "at": at, "step": step, "to_status": str(status), "reason": "",
            "phase_id": phase_id}


def _analyze() -> float:
    """Refresh the planner's statistics after the bulk load, as a maintained database would have them."""
    start = time.perf_counter()
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    else:
        db.session.execute(text("ANALYZE"))
        db.session.commit()
    return time.perf_counter() - start


# --- the two ways of reading a dashboard -------------------------------------------------------------------


def naive(programme: Programme, unit: Unit, day: date | None) -> dict:
    """Count the dashboard's figures over the initiatives: the headline, a subtree count per child, the series."""
    counting = sorted(counting_states(get_counts_from(programme.id)))

    def counted(scope: Unit):
        query = select(func.count()).select_from(Initiative).where(
            Initiative.programme_id == programme.id, in_units_under([scope.path]), Initiative.status.in_(counting))
        if day is not None:
            query = query.where(Initiative.submitted_at < local_day_start(day + timedelta(days=1)))
        return query

    headline = db.session.scalar(counted(unit))
    children = {child.id: db.session.scalar(counted(child)) for child in get_children(unit)}
    series = db.session.execute(counted(unit).with_only_columns(func.date(Initiative.submitted_at), func.count())
                                .group_by(func.date(Initiative.submitted_at))).all()
    return {"count": headline, "children": children, "series_days": len(series)}


def ours(programme: Programme, unit: Unit, day: date | None) -> dict:
    """Read the dashboard as the product does."""
    board = dashboard.build(programme, unit, day or local_today())
    return {"count": board.headline.count, "children": {row.unit.id: row.count for row in board.children},
            "series_days": len(board.series)}


def _timed(fn, *args) -> tuple[float, dict]:
    start = time.perf_counter()
    result = fn(*args)
    return (time.perf_counter() - start) * 1000, result


def measure_dashboards(repetitions: int, seed: int) -> dict:
    """Time both ways per level, now and as of a day; check that both agree on the figures of now."""
    rng = random.Random(seed)
    programme = db.session.scalar(select(Programme).order_by(Programme.id.desc()))
    as_of = programme.opens_on + (local_today() - programme.opens_on) / 2
    figures = {}
    for name, levels in LEVELS:
        ids = list(db.session.scalars(select(Unit.id).where(Unit.level.in_(levels))))
        samples = [db.session.get(Unit, unit_id) for unit_id in rng.sample(ids, min(repetitions, len(ids)))]
        while len(samples) < repetitions:
            samples.append(samples[len(samples) % len(ids)])
        for unit in samples[:3]:
            mine, theirs = ours(programme, unit, None), naive(programme, unit, None)
            if (mine["count"], mine["children"]) != (theirs["count"], theirs["children"]):
                raise SystemExit(f"the dashboard of {unit.code} disagrees with the initiatives")
        level = {}
        for label, day in (("now", None), ("as_of", as_of)):
            times = [_timed(ours, programme, unit, day)[0] for unit in samples]
            naive_times = [_timed(naive, programme, unit, day)[0] for unit in samples[:NAIVE_REPETITIONS]]
            level[label] = {**summarise(times), "naive_p50": summarise(naive_times)["p50"],
                            "speedup_p50": ratio(summarise(naive_times)["p50"], summarise(times)["p50"])}
        figures[name] = level
        db.session.rollback()
        log(f"  {name}: {level}")
    return figures


# --- what a submission pays ----------------------------------------------------------------------------------


def _drafts(count: int, rng: random.Random) -> list[int]:
    """Save drafts in random grassroots unions of the running programme, ready to submit."""
    programme = db.session.scalar(select(Programme).order_by(Programme.id.desc()))
    submitter = db.session.scalar(select(User))
    unions = list(db.session.scalars(select(Unit).where(Unit.level == UnitLevel.GRASSROOTS).limit(20_000)))
    ids = []
    for n in range(count):
        data = services.InitiativeInput(
            title=f"Cải tiến thiết bị {uuid.uuid4().hex[:8]} của tổ {n}", field="technical",
            problem="Thiết bị cũ chậm.", solution="Lắp bộ điều khiển mới.", first_applied_on=local_today() - timedelta(
                days=30), benefit_vnd=10_000_000, benefit_method="Chi phí tiết kiệm một năm.",
            authors=[services.AuthorInput("Nguyễn Văn An", Decimal(100))])
        ids.append(services.save_draft(submitter, programme=programme, unit=rng.choice(unions), data=data).id)
    db.session.commit()
    return ids


def _submit(initiative_id: int) -> float:
    initiative = db.session.get(Initiative, initiative_id)
    start = time.perf_counter()
    services.submit(initiative.submitter, initiative, local_today())
    db.session.commit()
    return (time.perf_counter() - start) * 1000


def measure_submission(seed: int) -> dict:
    """Time submissions with the live counters kept and with the quota's receiver taken away, in turns."""
    rng = random.Random(seed)
    with_counts, without = [], []
    for n, initiative_id in enumerate(_drafts(2 * SUBMISSIONS, rng)):
        if n % 2:
            initiative_signals.status_changed.disconnect(receivers.on_status_changed)
            try:
                without.append(_submit(initiative_id))
            finally:
                initiative_signals.status_changed.connect(receivers.on_status_changed)
        else:
            with_counts.append(_submit(initiative_id))
    return {"with_counters": summarise(with_counts), "without_counters": summarise(without),
            "extra_p50_ms": round(statistics.median(with_counts) - statistics.median(without), 2)}


def measure_concurrency(app, seed: int) -> dict:
    """Submit from several threads at once, the top counters in shards and in one row each (PostgreSQL)."""
    rng = random.Random(seed)
    figures = {}
    programme_id = db.session.scalar(select(Programme.id).order_by(Programme.id.desc()))
    rebuild.rebuild(programme_id)  # the submissions measured without the receiver were not counted: recount first
    db.session.commit()
    apply = counters.apply
    for label, shards in (("sharded", counters.SHARDS_BY_DEPTH), ("one_row", {})):
        ids = _drafts(CONCURRENT_WRITERS * SUBMISSIONS_EACH, rng)
        db.session.close()
        latencies: list[float] = []
        counting: list[float] = []
        barrier = threading.Barrier(CONCURRENT_WRITERS)

        def timed_apply(changes, counting=counting):
            start = time.perf_counter()
            apply(changes)
            counting.append((time.perf_counter() - start) * 1000)

        def writer(mine: list[int], barrier=barrier, latencies=latencies):
            with app.app_context():
                barrier.wait()
                for initiative_id in mine:
                    latencies.append(_submit(initiative_id))
                db.session.remove()

        with mock.patch.object(counters, "SHARDS_BY_DEPTH", shards), mock.patch.object(counters, "apply", timed_apply):
            start = time.perf_counter()
            threads = [threading.Thread(target=writer, args=(ids[n::CONCURRENT_WRITERS],))
                       for n in range(CONCURRENT_WRITERS)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            seconds = time.perf_counter() - start
        figures[label] = {"submit": summarise(latencies), "counters_at_commit": summarise(counting),
                          "submissions_per_second": round(len(ids) / seconds, 1)}
    live = rebuild.snapshot(programme_id)
    rebuild.rebuild(programme_id)
    figures["exact_after_concurrent_submissions"] = rebuild.snapshot(programme_id) == live
    db.session.rollback()
    return figures


# --- engines -----------------------------------------------------------------------------------------------


def run_engine(name: str, url: str, args: argparse.Namespace) -> dict:
    """Build the schema, load the data, and measure on one engine."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": os.environ["SECRET_KEY"],
                      "PASSWORD_HASH_METHOD": "scrypt:1024:8:1"})
    with app.app_context():
        try:
            sqlite = name == "sqlite"
            if sqlite:
                event.listen(db.engine, "connect", bulk_load_pragmas)
            db.create_all()
            log(f"{name}: loading {args.initiatives} initiatives")
            timings = load(args.initiatives, args.units, args.seed)
            if sqlite:
                event.remove(db.engine, "connect", bulk_load_pragmas)  # measure with the application's settings
                db.session.remove()
                db.engine.dispose()
            log(f"{name}: loaded {timings}; measuring")
            levels = measure_dashboards(args.repetitions, args.seed)
            result = {"load": timings, "levels": levels, "submission": measure_submission(args.seed)}
            if not sqlite:
                result["concurrent_submissions"] = measure_concurrency(app, args.seed)
            cells = [level[label] for level in levels.values() for label in level]
            slowest_naive = max(cells, key=lambda cell: cell["naive_p50"])
            # The worst level of each way; the speed-up where counting the initiatives costs most.
            result.update(dashboard_p50_ms=max(cell["p50"] for cell in cells),
                          dashboard_p95_ms=max(cell["p95"] for cell in cells),
                          naive_p50_ms=slowest_naive["naive_p50"], speedup_p50=slowest_naive["speedup_p50"])
        finally:
            db.session.remove()
            db.engine.dispose()
    return result


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--initiatives", type=int, default=DEFAULT_INITIATIVES, help="initiatives to generate")
    parser.add_argument("--units", type=int, default=DEFAULT_UNITS, help="units in the generated tree")
    parser.add_argument("--repetitions", type=int, default=DEFAULT_REPETITIONS, help="samples per level")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed of the data and the samples")
    parser.add_argument("--sqlite", action=argparse.BooleanOptionalAction, default=True, help="run on SQLite")
    parser.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES_URL", "").strip() or None,
                        help="also run on this PostgreSQL database (default: $BENCH_POSTGRES_URL)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark on every requested engine and print the results as one JSON object."""
    args = parse_args(argv)
    result = {"initiatives": args.initiatives, "units": args.units, "repetitions": args.repetitions,
              "naive_repetitions": NAIVE_REPETITIONS, "seed": args.seed, "engines": {}}
    with tempfile.TemporaryDirectory(prefix="quota-bench-") as folder:
        os.environ["INSTANCE_PATH"] = str(Path(folder) / "instance")
        os.environ.setdefault("SECRET_KEY", "quota-bench-" + uuid.uuid4().hex)
        targets = [("sqlite", sqlite_database(folder))] if args.sqlite else []
        if args.postgres:
            targets.append(("postgresql", postgres_schema(args.postgres)))
        for name, target in targets:
            with target as url:
                result["engines"][name] = run_engine(name, url, args)
    print(json.dumps(result, indent=2, ensure_ascii=False, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
