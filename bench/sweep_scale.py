"""Benchmark the whole-history duplicate sweep in one process and split among worker processes; print one JSON object.

Generates ``--size`` records (``bench.corpus``), analyses each once and stores the signatures in the ``dup_document``
table of a SQLite file (the tables made from the app's models, without foreign keys: there are no initiatives
behind the documents), then times, on that same database one after the other:

- ``1``: ``flask duplicates sweep --all --chunks 1`` — the sweep in the command's own process, as before chunks;
- ``N`` (each of ``--workers`` above 1): a real ``flask worker --processes N`` started first, then
  ``flask duplicates sweep --all --chunks N``, which queues N chunk jobs and waits until the last one closes the
  sweep (the time is the command's, from its start to its last line).

The queue is emptied between runs, so that every run queues all of its pairs; the pair sets (and their scores) of
the runs are then compared. ``--hash-seed`` sets every process's PYTHONHASHSEED; the engine's sums are exact, so
the pairs do not depend on it (before they were, two one-process sweeps of 100,000 records in processes of different
hash seeds differed by 3 of 202,297 pairs).
Load averages are read before and after each run, and the peak resident memory of each
process taking part (``VmHWM``) and the CPU time each used: on a machine shared with other work the wall times
move with the load, the CPU times much less.

    python -m bench.sweep_scale --size 100000 [--workers 1,2] [--database /var/tmp/sweep-100k.sqlite3]
"""

import argparse
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ROOT = Path(__file__).resolve().parents[1]
LOAD_CHUNK = 50_000
SUMMARY = re.compile(r"Sweep (\d+): (\d+) initiatives, (\d+) likely pairs in (\d+) clusters, (\d+) new in the queue\.")
WORKER_READY_SECONDS = 120
TICKS = os.sysconf("SC_CLK_TCK")


def main(argv: list[str] | None = None) -> None:
    """Build (or reuse) the corpus database, run the sweep once per worker count and print the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=20_000, help="records in the generated history")
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts; 1 is the one-process sweep")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--hash-seed", help="PYTHONHASHSEED of every process of the runs (default: random per "
                                            "process, as deployed; see below)")
    parser.add_argument("--database", help="SQLite file to keep the corpus in (reused when it holds --size records)")
    args = parser.parse_args(argv)
    counts = [int(value) for value in args.workers.split(",")]
    with tempfile.TemporaryDirectory(prefix="bench-sweep-") as folder:
        database = Path(args.database) if args.database else Path(folder) / "bench.sqlite3"
        report = {"machine": {"cpus": os.cpu_count(), "load_average": os.getloadavg()}, "size": args.size,
                  "seed": args.seed, "build": build(database, args.size, args.seed), "runs": {}}
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "INSTANCE_PATH": str(Path(folder) / "instance"),
               "SECRET_KEY": "bench", "JOBS_BROKER_URL": f"sqlite:///{Path(folder) / 'jobs.sqlite3'}",
               "JOBS_QUEUE": f"bench-{uuid.uuid4().hex}"}
        if args.hash_seed is not None:
            env["PYTHONHASHSEED"] = args.hash_seed
        report["hash_seed"] = args.hash_seed
        found = {}
        for count in counts:
            result, found[count] = run(database, env, count, Path(folder))
            report["runs"][str(count)] = result
    first = found[counts[0]]
    report["same_pairs"] = all(set(pairs) == set(first) for pairs in found.values())
    report["same_scores"] = all(pairs == first for pairs in found.values())
    report["pairs_not_shared"] = {str(count): len(set(found[count]) ^ set(first)) for count in counts[1:]}
    seconds = {count: report["runs"][str(count)]["seconds"] for count in counts}
    report["speedup"] = {str(count): round(seconds[counts[0]] / seconds[count], 2) for count in counts[1:]}
    print(json.dumps(report, indent=2, ensure_ascii=False))


def build(database: Path, size: int, seed: int) -> dict:
    """Fill database with the signatures of a generated history of size records, unless it holds them already."""
    if database.exists() and _documents(database) == size:
        _create_tables(f"sqlite:///{database}", keep="dup_document")  # the other tables as the models now are
        return {"reused": str(database)}
    from bench.corpus import generate
    from review.duplicates import analyse

    database.unlink(missing_ok=True)
    started = time.perf_counter()
    records = generate(size, seed=seed)
    generated = time.perf_counter() - started
    started = time.perf_counter()
    signatures = [analyse(record.title, record.description).dumps() for record in records]
    analysed = time.perf_counter() - started
    del records
    started = time.perf_counter()
    _create_tables(f"sqlite:///{database}")
    now = time.strftime("%Y-%m-%d %H:%M:%S")
    with sqlite3.connect(database) as connection:
        for start in range(0, size, LOAD_CHUNK):
            # Spread over units, programmes and years as a real history would be; the sweep does not look.
            connection.executemany(
                "INSERT INTO dup_document (initiative_id, signature, unit_id, programme_id, year, indexed_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                ((key + 1, signatures[key], 1 + key % 5000, 1 + key % 3, 2021 + key % 3, now)
                 for key in range(start, min(start + LOAD_CHUNK, size))))
        connection.execute("ANALYZE")
    return {"generate_seconds": round(generated, 1), "analyse_seconds": round(analysed, 1),
            "load_seconds": round(time.perf_counter() - started, 1)}


def _create_tables(url: str, keep: str | None = None) -> None:
    """Create every table of the app's models, without foreign keys, but ``keep`` (left as it is)."""
    from sqlalchemy import create_engine
    from sqlalchemy.schema import CreateIndex, CreateTable

    from app import create_app
    from core.extensions import db

    with tempfile.TemporaryDirectory(prefix="bench-instance-") as instance:
        os.environ["INSTANCE_PATH"] = instance
        create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})  # registers every package's models
    engine = create_engine(url)
    with engine.begin() as connection:
        for table in db.metadata.sorted_tables:
            if table.name == keep:
                continue
            connection.exec_driver_sql(f'DROP TABLE IF EXISTS "{table.name}"')
            connection.execute(CreateTable(table, include_foreign_key_constraints=[]))
            for index in table.indexes:
                connection.execute(CreateIndex(index))
    engine.dispose()


def _documents(database: Path) -> int | None:
    try:
        with sqlite3.connect(database) as connection:
            return connection.execute("SELECT count(*) FROM dup_document").fetchone()[0]
    except sqlite3.Error:
        return None


def run(database: Path, env: dict, workers: int, folder: Path) -> tuple[dict, dict]:
    """Sweep the whole history with this many workers (1: in the command's process); return its figures and the
    pairs it queued ((a, b) -> score)."""
    with sqlite3.connect(database) as connection:
        connection.execute("DELETE FROM duplicate_pair")
    peaks = _Peaks()
    worker = None
    if workers > 1:
        worker = _start_worker(env, workers, folder / f"worker-{workers}.log")
        peaks.watch(worker.pid)
    command = [sys.executable, "-m", "flask", "--app", "app", "duplicates", "sweep", "--all", "--chunks",
               str(workers), "--niceness", "0"]
    load_before = os.getloadavg()
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    peaks.watch(process.pid)
    output, errors = process.communicate()
    seconds = time.perf_counter() - started
    load_after = os.getloadavg()
    peaks.stop()
    if worker is not None:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(60)
    summary = SUMMARY.search(output)
    if process.returncode != 0 or summary is None:
        raise SystemExit(f"the sweep with {workers} workers failed:\n{output}\n{errors}")
    sweep_id, documents, pairs, clusters, new = (int(value) for value in summary.groups())
    with sqlite3.connect(database) as connection:
        found = {(a, b): score for a, b, score in connection.execute(
            "SELECT a_id, b_id, score FROM duplicate_pair WHERE sweep_id = ?", (sweep_id,))}
    result = {"mode": "one process (the command)" if workers == 1 else f"flask worker --processes {workers}, "
                                                                         f"{workers} chunks",
              "seconds": round(seconds, 1), "documents": documents, "pairs": pairs, "clusters": clusters,
              "new_pairs": new, "load_average_before": load_before, "load_average_after": load_after,
              "peak_rss_mb": peaks.memory(), "cpu_seconds": peaks.cpu_seconds(),
              "chunk_seconds": _chunk_seconds(database, sweep_id)}
    return result, found


def _chunk_seconds(database: Path, sweep_id: int) -> list[float]:
    """Return how long each chunk job of the sweep ran, in chunk order (none for the one-process sweep)."""
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "SELECT (julianday(job.finished_at) - julianday(job.started_at)) * 86400 FROM duplicate_sweep_chunk "
            "JOIN job ON job.id = duplicate_sweep_chunk.job_id WHERE sweep_id = ? ORDER BY position",
            (sweep_id,)).fetchall()
    return [round(seconds, 1) for (seconds,) in rows]


def _start_worker(env: dict, processes: int, log_path: Path) -> subprocess.Popen:
    """Start `flask worker --processes N` and wait until it listens."""
    with log_path.open("wb") as log:
        worker = subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", "worker", "--processes",
                                   str(processes)], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                  start_new_session=True)
    deadline = time.monotonic() + WORKER_READY_SECONDS
    while "Worker on" not in log_path.read_text(errors="replace"):
        if worker.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"the worker did not start:\n{log_path.read_text(errors='replace')}")
        time.sleep(0.2)
    return worker


class _Peaks(threading.Thread):
    """Sample the peak resident memory (VmHWM) of every process in the sessions watched."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.sessions: set[int] = set()
        self.peaks: dict[int, int] = {}
        self.cpu: dict[int, float] = {}
        self.stopped = threading.Event()
        self.start()

    def watch(self, session: int) -> None:
        self.sessions.add(session)

    def run(self) -> None:
        while not self.stopped.wait(0.5):
            self._sample()

    def stop(self) -> None:
        self._sample()
        self.stopped.set()
        self.join()

    def _sample(self) -> None:
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                if int(fields[3]) not in self.sessions:
                    continue
                status = (entry / "status").read_text()
            except (OSError, IndexError):
                continue
            found = re.search(r"VmHWM:\s+(\d+) kB", status)
            if found:
                self.peaks[int(entry.name)] = int(found.group(1))
                self.cpu[int(entry.name)] = (int(fields[11]) + int(fields[12])) / TICKS

    def memory(self) -> list[float]:
        """Return each process's peak resident memory in MB, largest first."""
        return sorted((round(kb / 1024, 1) for kb in self.peaks.values()), reverse=True)

    def cpu_seconds(self) -> list[float]:
        """Return the CPU time (user and system) each process had used when last seen, largest first."""
        return sorted((round(seconds, 1) for seconds in self.cpu.values() if seconds >= 0.1), reverse=True)


if __name__ == "__main__":
    main()
