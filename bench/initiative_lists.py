"""Measure initiative lists and search at 1,000,000 initiatives, with the product's indexes and without them.

A national-shaped union tree of about 2,400 units (some 2,000 grassroots unions, from ``bench.tree_queries``) is
imported with ``unit_services.import_tree``; then 1,000,000 initiatives (titles and descriptions from
``bench.corpus``, their folded ``search_text`` as the product writes it) are spread over the grassroots unions with
skewed sizes, three programmes over four years, and realistic statuses, by bulk INSERT in chunks, into a fresh
SQLite file and, when a PostgreSQL URL is given (``--postgres`` or BENCH_POSTGRES_URL), into a schema of its own
that is dropped afterwards.

For units and words drawn at random with a fixed seed, ``initiatives.queries.get_page`` (what GET /initiatives
runs: the first page of 50 and its count) is timed for:

- ``list_district``: a district federation's subtree, one status, one programme, newest first;
- ``list_province``: a province federation's subtree, one status, newest first;
- ``search_province``: a province federation's subtree searched for 2–3 folded words ("cai tien");
- ``search_all``: a member searching everything visible to them (their own and every public initiative).

Then the search index and every other non-unique index of the initiative table are dropped and the same calls are
timed again, the search written as the scan it becomes without an index (``' ' || search_text || ' ' LIKE
'% word %'`` for each word). Every sample must give the same page and count both ways, or the run exits with
status 1. SQLite loads without syncing, but is measured with the application's own settings. One JSON object goes
to stdout (times in milliseconds, p50 and p95), progress to stderr.

Run: ``python -m bench.initiative_lists [--initiatives N] [--repetitions N] [--postgres URL]``.
"""

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from unittest import mock

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import and_, event, insert, select, text  # noqa: E402

from app import create_app  # noqa: E402
from bench.corpus import generate  # noqa: E402
from bench.tree_queries import build_rows, import_units, log, postgres_schema, ratio, sqlite_database, summarise  # noqa: E402
from core.extensions import db  # noqa: E402
from core.text import fold  # noqa: E402
from initiatives import queries, search  # noqa: E402
from initiatives.lifecycle import Status  # noqa: E402
from initiatives.models import Initiative, Phase, Programme  # noqa: E402
from initiatives.rules import Field  # noqa: E402
from unions.levels import UnitLevel  # noqa: E402
from unions.models import Unit, User  # noqa: E402
from unions.roles import AccountStatus  # noqa: E402

DEFAULT_INITIATIVES = 1_000_000
DEFAULT_UNITS = 2_400
DEFAULT_REPETITIONS = 25
DEFAULT_SEED = 20240601
PER_PAGE = 50
CHUNK = 20_000

FIRST_DAY = datetime(2021, 1, 4, 1, 0)
SPAN = timedelta(days=4 * 365)
# (name, opens, closes, phases): initiatives entered within a programme's dates belong to it.
PROGRAMMES = (
    ("75 nghìn sáng kiến, vượt khó, phát triển", date(2021, 1, 1), date(2021, 12, 31), 2),
    ("1 triệu sáng kiến", date(2022, 1, 1), date(2023, 12, 31), 4),
    ("Sáng kiến vì người lao động 2024", date(2024, 1, 1), date(2024, 12, 31), 2),
)
STATUS_WEIGHTS = {
    Status.DRAFT: 4, Status.SUBMITTED: 8, Status.RETURNED: 3, Status.CONFIRMED: 25, Status.IN_REVIEW: 10,
    Status.RECOGNISED: 35, Status.NOT_RECOGNISED: 12, Status.WITHDRAWN: 3,
}
FIELD_OF_CORPUS = {
    "education": Field.EDUCATION, "health": Field.HEALTH, "production": Field.PRODUCTION,
    "energy": Field.TECHNICAL, "administration": Field.ADMIN_REFORM, "union": Field.UNION_WORK,
    "safety": Field.SAFETY, "agriculture": Field.AGRICULTURE, "environment": Field.ENVIRONMENT,
}
CONFIDENTIAL_SHARE = 0.02
# Searches of two or three words as people type them, without diacritics.
SEARCHES = ("cai tien", "hoc sinh lop", "an toan lao dong", "tiet kiem dien", "phong chay", "benh nhan",
            "giao vien", "nang suat", "xu li nuoc thai", "phan mem quan li", "may cat", "ung dung cong nghe")


@dataclass(frozen=True)
class Case:
    """A list call measured with and without the indexes: the viewer and filters of each sample."""

    name: str
    samples: list[tuple[queries.Viewer, queries.ListFilters]]


# --- data --------------------------------------------------------------------------------------------------


def insert_users(grassroots: list[int]) -> list[int]:
    """Add one member per grassroots union, who submits its initiatives; return their ids in the same order."""
    rows = [{"full_name": f"Đoàn viên {i}", "email": f"member{i}@bench.vn", "password_hash": "!", "unit_id": unit_id,
             "status": AccountStatus.ACTIVE, "created_at": FIRST_DAY} for i, unit_id in enumerate(grassroots)]
    db.session.execute(insert(User), rows)
    return list(db.session.scalars(select(User.id).order_by(User.id)))


def insert_programmes(root_id: int) -> list[tuple[int, date, date, list[tuple[int, date, date]]]]:
    """Add the programmes and their phases; return (id, opens, closes, phases) of each."""
    found = []
    for name, opens, closes, phases in PROGRAMMES:
        programme = Programme(name=name, owner_unit_id=root_id, opens_on=opens, closes_on=closes, fields=[])
        step = (closes - opens) / phases
        programme.phases = [Phase(name=f"Đợt {n + 1}", opens_on=opens + step * n,
                                  closes_on=opens + step * (n + 1) - timedelta(days=1)) for n in range(phases)]
        db.session.add(programme)
        db.session.flush()
        found.append((programme.id, opens, closes, [(p.id, p.opens_on, p.closes_on) for p in programme.phases]))
    return found


def _programme_of(day: date, programmes) -> tuple[int, int | None]:
    """Return the programme and phase whose dates hold day (the last programme's last phase past the end)."""
    for programme_id, opens, closes, phases in programmes:
        if opens <= day <= closes:
            return programme_id, next((pid for pid, start, end in phases if start <= day <= end), phases[-1][0])
    programme_id, _, _, phases = programmes[-1]
    return programme_id, phases[-1][0]


@dataclass(frozen=True, slots=True)
class Text:
    """The words of one generated initiative: title, description, corpus field and folded search text."""

    title: str
    description: str
    field: str
    search_text: str


def corpus(count: int, seed: int) -> list[Text]:
    """Generate the initiatives' texts once for every engine, folded as the product folds them."""
    return [Text(r.title, r.description, r.field, fold(f"{r.title} {r.description}")) for r in generate(count, seed)]


def initiative_rows(texts: list[Text], seed: int, grassroots: list[int], submitters: dict[int, int], programmes):
    """Yield chunks of initiative rows in the order they were entered."""
    rng = random.Random(seed)
    count = len(texts)
    weights = [rng.lognormvariate(0.0, 1.0) for _ in grassroots]
    units = rng.choices(grassroots, weights, k=count)
    statuses = rng.choices(list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values()), k=count)
    chunk = []
    for i, words in enumerate(texts):
        created = FIRST_DAY + SPAN * (i / count)
        status = statuses[i]
        programme_id, phase_id = _programme_of(created.date(), programmes)
        chunk.append({
            "programme_id": programme_id, "phase_id": phase_id, "unit_id": units[i],
            "submitter_id": submitters[units[i]], "status": status, "title": words.title,
            "field": FIELD_OF_CORPUS[words.field], "problem": words.description,
            "first_applied_on": created.date() - timedelta(days=rng.randrange(30, 300)),
            "confidential": rng.random() < CONFIDENTIAL_SHARE, "search_text": words.search_text,
            "created_at": created, "updated_at": created,
            "submitted_at": None if status == Status.DRAFT else created + timedelta(hours=rng.randrange(1, 240)),
        })
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def list_indexes() -> list:
    """Return the product's indexes on the initiative table (all but the unique ones)."""
    return [index for index in Initiative.__table__.indexes if not index.unique]


def load(texts: list[Text], units: int, seed: int) -> dict:
    """Import the tree, add users, programmes and the initiatives, then build their indexes; return timings."""
    timings = {"units_seconds": round(import_units(build_rows(units, seed)), 1)}
    start = time.perf_counter()
    connection = db.session.connection()
    search.uninstall(connection)
    for index in list_indexes():
        index.drop(connection)
    root_id = db.session.scalar(select(Unit.id).where(Unit.parent_id.is_(None)))
    grassroots = list(db.session.scalars(select(Unit.id).where(Unit.level == UnitLevel.GRASSROOTS).order_by(Unit.id)))
    user_ids = insert_users(grassroots)
    submitters = dict(zip(grassroots, user_ids, strict=True))
    programmes = insert_programmes(root_id)
    loaded = 0
    for chunk in initiative_rows(texts, seed, grassroots, submitters, programmes):
        db.session.execute(insert(Initiative), chunk)
        loaded += len(chunk)
        if loaded % 200_000 == 0:
            log(f"  {loaded} initiatives")
    timings["initiatives_seconds"] = round(time.perf_counter() - start, 1)
    start = time.perf_counter()
    create_indexes(connection)
    db.session.commit()
    timings["indexes_seconds"] = round(time.perf_counter() - start, 1)
    timings["analyze_seconds"] = round(analyze(), 1)
    return timings


def create_indexes(connection) -> None:
    """Build the list indexes and the search index."""
    for index in list_indexes():
        index.create(connection)
    search.install(connection)


def analyze() -> float:
    """Refresh the planner's statistics, as a maintained database would have them; return the seconds taken."""
    start = time.perf_counter()
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    else:
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        # Fold the loaded pages back into the database file, outside any transaction.
        raw = db.engine.raw_connection()
        try:
            raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()
    return time.perf_counter() - start


def drop_indexes() -> None:
    """Drop the list and search indexes, leaving the tables and the tree's own indexes."""
    connection = db.session.connection()
    search.uninstall(connection)
    for index in list_indexes():
        index.drop(connection)
    db.session.commit()
    analyze()


# --- cases -------------------------------------------------------------------------------------------------


def build_cases(repetitions: int, seed: int) -> list[Case]:
    """Draw the subtrees, programmes, statuses and searches of every sample."""
    rng = random.Random(seed)
    members = list(db.session.scalars(select(User.id)))
    # An administrator's own initiatives play no part in a subtree's list: any id that submitted none will do.
    officer = max(members) + 1
    districts, provinces = _paths(UnitLevel.DISTRICT_FEDERATION), _paths(UnitLevel.PROVINCE_FEDERATION)
    programme_ids = list(db.session.scalars(select(Programme.id)))
    statuses = [s for s in Status if s != Status.DRAFT]

    def subtree(paths: list[str], **filters) -> tuple[queries.Viewer, queries.ListFilters]:
        return queries.Viewer(officer, (rng.choice(paths),)), queries.ListFilters(scope="union", **filters)

    return [
        Case("list_district", [subtree(districts, status=rng.choice(statuses), programme_id=rng.choice(programme_ids))
                               for _ in range(repetitions)]),
        Case("list_province", [subtree(provinces, status=rng.choice(statuses)) for _ in range(repetitions)]),
        Case("search_province", [subtree(provinces, q=rng.choice(SEARCHES)) for _ in range(repetitions)]),
        Case("search_all", [(queries.Viewer(rng.choice(members)), queries.ListFilters(q=rng.choice(SEARCHES)))
                            for _ in range(repetitions)]),
    ]


def _paths(level: UnitLevel) -> list[str]:
    """Return the paths of the units of level."""
    return list(db.session.scalars(select(Unit.path).where(Unit.level == level).order_by(Unit.path)))


def baseline_matches(value: str, _dialect: str, **_form):
    """Return the search condition as a scan of search_text: every word found between spaces."""
    padded = " " + Initiative.search_text + " "
    return and_(*(padded.like(f"% {word} %") for word in search.search_words(value)))


# --- measuring ---------------------------------------------------------------------------------------------


def run_page(sample) -> tuple[list[int], int, bool]:
    """Run the first page of a list and return its ids and count."""
    viewer, filters = sample
    page = queries.get_page(viewer, filters, 1, PER_PAGE)
    result = [initiative.id for initiative, _ in page.items], page.total, page.capped
    db.session.rollback()
    db.session.expunge_all()
    return result


def time_case(case: Case, run: Callable) -> tuple[list[float], list]:
    """Time run on every sample of case; return the milliseconds and the results."""
    times, results = [], []
    for sample in case.samples:
        start = time.perf_counter_ns()
        results.append(run(sample))
        times.append((time.perf_counter_ns() - start) / 1e6)
    return times, results


def measure(cases: list[Case]) -> dict:
    """Time every case with the indexes, then without them, check both gave the same pages, and summarise."""
    ours = {case.name: time_case(case, run_page) for case in cases}
    log("dropping the indexes for the baseline")
    drop_indexes()
    with mock.patch.object(queries, "matches", baseline_matches):
        baseline = {case.name: time_case(case, run_page) for case in cases}
    problems = [f"{name}: sample {i}: ours {a[1:]} {a[0][:5]}… != baseline {b[1:]} {b[0][:5]}…"
                for name in ours for i, (a, b) in enumerate(zip(ours[name][1], baseline[name][1], strict=True))
                if a != b]
    if problems:
        log("\n".join(problems))
        raise SystemExit(f"the indexed and the baseline queries disagree on {len(problems)} samples")
    figures = {}
    for name in ours:
        with_indexes, without = summarise(ours[name][0]), summarise(baseline[name][0])
        figures[name] = {"ours_ms": with_indexes, "baseline_ms": without,
                         "speedup_p50": ratio(without["p50"], with_indexes["p50"]),
                         "rows_counted_p50": statistics.median_low(total for _, total, _ in ours[name][1])}
    return figures


def bulk_load_pragmas(dbapi_connection, _record) -> None:
    """Let SQLite skip syncing and keep a large cache while loading: a lost benchmark file is simply made again."""
    for pragma in ("synchronous = OFF", "cache_size = -1000000", "temp_store = MEMORY"):
        dbapi_connection.execute(f"PRAGMA {pragma}")


def run_engine(name: str, url: str, texts: list[Text], args: argparse.Namespace) -> dict:
    """Build the schema, load the data, and measure every case on one engine."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": os.environ["SECRET_KEY"]})
    with app.app_context():
        try:
            sqlite = name == "sqlite"
            if sqlite:
                event.listen(db.engine, "connect", bulk_load_pragmas)
            db.create_all()
            log(f"{name}: loading {len(texts)} initiatives")
            timings = load(texts, args.units, args.seed)
            if sqlite:
                # Measure with the settings the application runs with.
                event.remove(db.engine, "connect", bulk_load_pragmas)
                db.session.remove()
                db.engine.dispose()
            log(f"{name}: loaded {timings}; measuring")
            cases = build_cases(args.repetitions, args.seed)
            queries_figures = measure(cases)
        finally:
            db.session.remove()
            db.engine.dispose()
    return {"load": timings, "queries": queries_figures}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--initiatives", type=int, default=DEFAULT_INITIATIVES, help="initiatives to generate")
    parser.add_argument("--units", type=int, default=DEFAULT_UNITS, help="units in the generated tree")
    parser.add_argument("--repetitions", type=int, default=DEFAULT_REPETITIONS, help="samples per query")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed of the data and the samples")
    parser.add_argument("--sqlite", action=argparse.BooleanOptionalAction, default=True, help="run on SQLite")
    parser.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES_URL", "").strip() or None,
                        help="also run on this PostgreSQL database (default: $BENCH_POSTGRES_URL)")
    args = parser.parse_args(argv)
    if args.repetitions < 1 or args.initiatives < 1:
        parser.error("--repetitions and --initiatives must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark on every requested engine and print the results as one JSON object."""
    args = parse_args(argv)
    result = {"initiatives": args.initiatives, "units": args.units, "repetitions": args.repetitions,
              "per_page": PER_PAGE, "seed": args.seed, "engines": {}}
    log(f"generating {args.initiatives} initiatives")
    texts = corpus(args.initiatives, args.seed)
    with tempfile.TemporaryDirectory(prefix="list-bench-") as folder:
        os.environ["INSTANCE_PATH"] = str(Path(folder) / "instance")
        os.environ.setdefault("SECRET_KEY", "list-bench-" + uuid.uuid4().hex)
        targets = [("sqlite", sqlite_database(folder))] if args.sqlite else []
        if args.postgres:
            targets.append(("postgresql", postgres_schema(args.postgres)))
        for name, target in targets:
            with target as url:
                result["engines"][name] = run_engine(name, url, texts, args)
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
