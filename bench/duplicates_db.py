"""Benchmark duplicate search through the product's database-backed path; print one JSON object.

For each corpus size (``bench.corpus``): analyse every record once, bulk-load the ``dup_*`` tables of a fresh SQLite
file and, with ``--postgres URL``, of a PostgreSQL schema of its own (dropped afterwards), then search through
``review.store.search_similar`` exactly as the app does: latency p50/p95, the share of planted duplicates whose
original is flagged (recall) and of look-alikes whose template source is flagged (false flags). ``--sweep`` also
times ``review.sweep`` over the whole loaded corpus. Beside them, in the same run, the brute-force baseline
``rapidfuzz.process.extract(title, titles, scorer=fuzz.token_set_ratio)`` over every title, on a few of the queries.

    python -m bench.duplicates_db --sizes 100000,1000000 --postgres postgresql://postgres@127.0.0.1:5432/test
"""

import argparse
import json
import os
import random
import sys
import tempfile
import time
import uuid
from array import array
from collections import Counter
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, text
from sqlalchemy.schema import CreateIndex, CreateTable

from bench.corpus import generate, planted_pairs
from bench.duplicates_engine import BASELINE_FLAG, LIMIT, _percentile, _quality, _search_baseline, _twins
from review.duplicates import analyse

LOAD_CHUNK = 50_000
WARM_UP = 20  # queries run first, untimed: the measured ones find the tables' upper pages in the cache


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark for every requested size and engine and print the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000", help="comma-separated corpus sizes")
    parser.add_argument("--queries", type=int, default=500, help="planted records searched per size and engine")
    parser.add_argument("--baseline-queries", type=int, default=5, help="of those, searched by brute force")
    parser.add_argument("--postgres", help="PostgreSQL URL; the benchmark works in a schema of its own")
    parser.add_argument("--no-sqlite", action="store_true", help="measure PostgreSQL only")
    parser.add_argument("--sweep", action="store_true", help="also time a sweep over the whole corpus")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    engines = ([] if args.no_sqlite else ["sqlite"]) + (["postgresql"] if args.postgres else [])
    report = {
        "machine": {"cpus": os.cpu_count(), "load_average": os.getloadavg()},
        "settings": {"queries": args.queries, "baseline_queries": args.baseline_queries, "limit": LIMIT,
                     "warm_up_queries": WARM_UP, "path": "review.store.search_similar(title, description)",
                     "baseline": f"process.extract(title, titles, scorer=fuzz.token_set_ratio, limit={LIMIT}), "
                                 f"flagged when score >= {BASELINE_FLAG:g}"},
        "sizes": {},
    }
    for size in (int(value) for value in args.sizes.split(",")):
        report["sizes"][str(size)] = measure(size, engines, args)
    print(json.dumps(report, indent=2, ensure_ascii=False))


def measure(size: int, engines: list[str], args) -> dict:
    """Generate and analyse a corpus, then measure every engine on it and the baseline."""
    started = time.perf_counter()
    records = generate(size, seed=args.seed)
    generated = time.perf_counter() - started
    started = time.perf_counter()
    corpus = _Corpus(records)
    analysed = time.perf_counter() - started
    planted = planted_pairs(records)
    rng = random.Random(args.seed)
    pairs = rng.sample(planted, min(args.queries, len(planted)))
    warm_up = rng.sample(records, WARM_UP)
    twins = _twins(records, pairs)
    result = {"records": size, "generate_seconds": round(generated, 1), "analyse_seconds": round(analysed, 1),
              "postings": corpus.posting_count, "terms": len(corpus.frequencies)}
    for engine in engines:
        with _database(engine, args.postgres) as url:
            result[engine] = _measure_engine(url, corpus, records, pairs, warm_up, twins, args.sweep)
    titles = [record.title for record in records]
    subset = pairs[:args.baseline_queries]
    baseline = [_search_baseline(titles, records[pair.key]) for pair in subset]
    result["baseline"] = {
        "queries": len(subset),
        "search_ms_p50": round(_percentile([seconds for seconds, _ in baseline], 50) * 1e3, 1),
        "search_ms_p95": round(_percentile([seconds for seconds, _ in baseline], 95) * 1e3, 1),
        **_quality(subset, [flagged for _, flagged in baseline], twins),
    }
    return result


class _Corpus:
    """Every record analysed once: its stored signature, its postings by term, the term counts."""

    def __init__(self, records) -> None:
        self.signatures: list[str] = []
        self.postings: dict[str, array] = {}
        self.frequencies: Counter = Counter()
        for record in records:
            signature = analyse(record.title, record.description)
            self.signatures.append(signature.dumps())
            doc = _doc_id(record.key)
            for term in signature.terms:
                self.postings.setdefault(term, array("i")).append(doc)
            self.frequencies.update(signature.terms | signature.description_terms)
        self.posting_count = sum(len(docs) for docs in self.postings.values())

    def document_rows(self):
        for key, signature in enumerate(self.signatures):
            # Spread over units, programmes and years as a real history would be; the search does not look.
            yield _doc_id(key), signature, 1 + key % 5000, 1 + key % 3, 2021 + key % 3

    def posting_rows(self):
        # In key order the b-tree fills from left to right, several times faster than in arrival order.
        for term in sorted(self.postings):
            for doc in self.postings[term]:
                yield term, doc

    def term_rows(self):
        for term in sorted(self.frequencies):
            docs = self.postings.get(term)
            yield term, self.frequencies[term], len(docs) if docs is not None else 0


def _doc_id(key: int) -> int:
    return key + 1


class _database:
    """A fresh, empty database for one engine, removed afterwards."""

    def __init__(self, engine: str, postgres: str | None) -> None:
        self.engine, self.postgres = engine, postgres

    def __enter__(self) -> str:
        if self.engine == "sqlite":
            self.folder = tempfile.TemporaryDirectory(prefix="bench-dup-")
            return f"sqlite:///{self.folder.name}/bench.sqlite3"
        base = "postgresql+psycopg://" + self.postgres.split("://", 1)[1]
        self.schema = "bench_dup_" + uuid.uuid4().hex[:12]
        self.admin = create_engine(base, isolation_level="AUTOCOMMIT")
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{self.schema}"'))
        separator = "&" if "?" in base else "?"
        return f"{base}{separator}options=-csearch_path%3D{self.schema}"

    def __exit__(self, *_exc) -> None:
        if self.engine == "sqlite":
            self.folder.cleanup()
            return
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{self.schema}" CASCADE'))
        self.admin.dispose()


def _measure_engine(url: str, corpus: _Corpus, records, pairs, warm_up, twins, sweep: bool) -> dict:
    """Load the index into the database at url and search it through the app's store."""
    from app import create_app
    from core.extensions import db
    from review import store

    with tempfile.TemporaryDirectory(prefix="bench-instance-") as instance:
        os.environ["INSTANCE_PATH"] = instance
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
        with app.app_context():
            loaded = _load(db.engine, corpus)
            for record in warm_up:
                store.search_similar(record.title, record.description, limit=LIMIT, exclude_id=_doc_id(record.key))
            timings, flagged = [], []
            for pair in pairs:
                query = records[pair.key]
                started = time.perf_counter()
                matches = store.search_similar(query.title, query.description, limit=LIMIT,
                                               exclude_id=_doc_id(query.key))
                timings.append(time.perf_counter() - started)
                flagged.append({match.key - 1 for match in matches if match.likely_duplicate})
                db.session.rollback()  # each search is a request of its own
            result = {
                **loaded,
                "queries": len(pairs),
                "search_ms_p50": round(_percentile(timings, 50) * 1e3, 2),
                "search_ms_p95": round(_percentile(timings, 95) * 1e3, 2),
                "search_ms_max": round(max(timings) * 1e3, 2),
                **_quality(pairs, flagged, twins),
            }
            if sweep:
                result["sweep"] = _sweep()
            db.session.remove()
            db.engine.dispose()
    return result


def _load(engine, corpus: _Corpus) -> dict:
    """Create the dup_* tables (without foreign keys: no initiatives here) and bulk-load them; time it."""
    from review.models import DupDocument, DuplicatePair, DuplicateSweep, DupPosting, DupStat, DupTerm

    started = time.perf_counter()
    with engine.begin() as conn:
        for model in (DupDocument, DupPosting, DupTerm, DupStat, DuplicateSweep, DuplicatePair):
            conn.execute(CreateTable(model.__table__, include_foreign_key_constraints=[]))
            for index in model.__table__.indexes:
                conn.execute(CreateIndex(index))
    raw = engine.raw_connection()
    try:
        postgres = engine.dialect.name == "postgresql"
        cursor = raw.cursor()
        if not postgres:
            cursor.execute("BEGIN")  # the app's SQLite connections leave transactions to explicit BEGINs
        columns = {"dup_document": "(initiative_id, signature, unit_id, programme_id, year, indexed_at)",
                   "dup_posting": "(term, initiative_id)", "dup_term": "(term, df, postings)"}
        now = time.strftime("%Y-%m-%d %H:%M:%S")
        sources = {"dup_document": ((*row, now) for row in corpus.document_rows()),
                   "dup_posting": corpus.posting_rows(), "dup_term": corpus.term_rows()}
        for table, rows in sources.items():
            if postgres:
                with cursor.copy(f"COPY {table} {columns[table]} FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join("?" * columns[table].count(",")) + ", ?"
                batch = []
                for row in rows:
                    batch.append(row)
                    if len(batch) == LOAD_CHUNK:
                        cursor.executemany(f"INSERT INTO {table} {columns[table]} VALUES ({marks})", batch)
                        batch = []
                cursor.executemany(f"INSERT INTO {table} {columns[table]} VALUES ({marks})", batch)
        cursor.execute(f"INSERT INTO dup_stat (id, documents) VALUES (1, {len(corpus.signatures)})")
        cursor.execute("COMMIT")
        if postgres:
            # What autovacuum does soon after a bulk load: statistics, and the visibility map that lets the
            # postings be read from their index alone.
            raw.driver_connection.autocommit = True
            cursor.execute("VACUUM (ANALYZE) dup_posting, dup_document, dup_term")
            cursor.execute("SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n "
                           "ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r'")
        else:
            cursor.execute("ANALYZE")
            cursor.execute("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")
        size = cursor.fetchone()[0]
        cursor.close()
    finally:
        raw.close()
    seconds = time.perf_counter() - started
    return {"load_seconds": round(seconds, 1), "load_postings_per_second": round(corpus.posting_count / seconds),
            "database_mb": round(int(size) / 2**20, 1)}


def _sweep() -> dict:
    """Sweep everything loaded; time it."""
    from core.extensions import db
    from review.sweep import run_sweep, start_sweep

    sweep = start_sweep(None)
    db.session.commit()
    started = time.perf_counter()
    done = run_sweep(sweep.id)
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 1), "documents": done.documents, "pairs": done.pairs,
            "clusters": done.clusters}


if __name__ == "__main__":
    main()
