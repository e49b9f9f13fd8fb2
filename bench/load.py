"""Load and faults: simulated users against gunicorn on SQLite and on PostgreSQL; prints one JSON object.

For each engine, a plain run and then (with --faults) a run during which one gunicorn worker is SIGKILLed, the
uploads' disk (a small tmpfs) is filled and freed, and on PostgreSQL the database server is stopped and started
again. PostgreSQL runs on a private cluster in a temporary folder on a free port (initdb and pg_ctl of the installed
server), never on a shared one. Each run's object holds throughput and p50/p95/p99 per request type beside the
health check measured in the same run, what the simulated users were told, and the database checked against it
(see bench.load_check); "problems" is empty when nothing acknowledged was lost and nothing is half-written.

Run: ``python -m bench.load [--engine sqlite --engine postgresql] [--users 100] [--seconds 60] [--workers 4]
[--faults]``. Exits with status 1 when any run has problems or a 5xx other than the translated 503.
"""

import argparse
import json
import sys
import tempfile
from pathlib import Path

from bench.load_run import LoadPlan, run_load
from bench.load_server import PrivateCluster, postgres_binaries


def faults_of(engine: str) -> tuple[str, ...]:
    """Return the faults a run on engine injects."""
    return ("kill_worker", "fill_disk", "restart_database") if engine == "postgresql" else ("kill_worker",
                                                                                         "fill_disk")


def run_engine(engine: str, args, faults: tuple[str, ...]) -> dict:
    """Run one plan on a fresh database of engine."""
    folder = Path(tempfile.mkdtemp(prefix=f"sangkien-load-{engine}-"))
    if engine == "sqlite":
        return run_load(LoadPlan(f"sqlite:///{folder}/load.sqlite3", args.users, args.seconds, args.workers, faults,
                                 folder, cheap_hashes=args.cheap_hashes))
    cluster = PrivateCluster(postgres_binaries())
    cluster.start()
    try:
        url = cluster.url.replace("postgresql://", "postgresql+psycopg://")
        return run_load(LoadPlan(url, args.users, args.seconds, args.workers, faults, folder,
                                 cheap_hashes=args.cheap_hashes, database_server=cluster))
    finally:
        cluster.stop()


def bad(run: dict) -> bool:
    """Tell whether a run lost or half-wrote anything, or answered a 5xx that is not the translated 503."""
    answers = run["answers"]
    return bool(run["problems"] or answers["server_errors"] or answers["malformed_503"] or run["fault_errors"])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", action="append", choices=("sqlite", "postgresql"))
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--faults", action="store_true", help="also run with faults injected")
    parser.add_argument("--cheap-hashes", action="store_true", help="store the accounts' passwords with a cheap "
                                                                    "scrypt, as the test suite does")
    args = parser.parse_args(argv)
    engines = args.engine or ["sqlite", "postgresql"]
    if "postgresql" in engines and postgres_binaries() is None:
        parser.error("PostgreSQL's initdb and pg_ctl were not found under /usr/lib/postgresql")
    figures = {}
    for engine in engines:
        figures[engine] = {"load": run_engine(engine, args, ())}
        print(f"{engine}: load done", file=sys.stderr)
        if args.faults:
            figures[engine]["faults"] = run_engine(engine, args, faults_of(engine))
            print(f"{engine}: faults done", file=sys.stderr)
    print(json.dumps(figures, ensure_ascii=False, indent=1))
    return 1 if any(bad(run) for runs in figures.values() for run in runs.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
