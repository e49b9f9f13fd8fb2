"""Benchmark the duplicate engine against brute-force rapidfuzz; print one JSON object.

For each corpus size: build time and resident memory of a ``DuplicateIndex`` over generated titles and
descriptions, search latency (p50/p95) for planted duplicates and look-alikes, the share of planted
duplicates whose original is flagged (recall) and the share of look-alikes whose template source is flagged
(false flags), and candidate recall: the share of planted duplicates whose original is among the candidates a
search scores in full. The baseline, ``rapidfuzz.process.extract(..., scorer=fuzz.token_set_ratio, limit=10)`` over
every title with score >= 90 counting as flagged, runs on the first few of the same queries. The same queries
are searched once more with the engine's spelling alignment (``review.duplicates.align``: joined, split and
respelled words by rapidfuzz ratio, abbreviations by initials) switched off, to show what it adds.

    python -m bench.duplicates_engine --sizes 100000,1000000 --queries 1000 --baseline-queries 20
"""

import argparse
import gc
import json
import os
import platform
import random
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rapidfuzz import fuzz, process

from bench.corpus import RESTATEMENT_VARIANTS, SPELLING_VARIANTS, Pair, Record, generate, planted_pairs
from review import duplicates
from review.duplicates import DuplicateIndex

BASELINE_FLAG = 90.0
LIMIT = 10


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark for every requested size and print the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000", help="comma-separated corpus sizes")
    parser.add_argument("--queries", type=int, default=1000, help="planted records searched per size")
    parser.add_argument("--baseline-queries", type=int, default=20, help="of those, searched by brute force")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    report = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "settings": {"queries": args.queries, "baseline_queries": args.baseline_queries, "limit": LIMIT,
                     "baseline": f"process.extract(title, titles, scorer=fuzz.token_set_ratio, limit={LIMIT}), "
                                 f"flagged when score >= {BASELINE_FLAG:g}"},
        "sizes": {},
    }
    for size in (int(value) for value in args.sizes.split(",")):
        report["sizes"][str(size)] = measure(size, args.queries, args.baseline_queries, args.seed)
    print(json.dumps(report, indent=2, ensure_ascii=False))


def measure(size: int, queries: int, baseline_queries: int, seed: int) -> dict:
    """Build an index of ``size`` generated records and measure it and the baseline."""
    started = time.perf_counter()
    records = generate(size, seed=seed)
    generated = time.perf_counter() - started
    pairs = random.Random(seed).sample(planted_pairs(records), min(queries, len(planted_pairs(records))))
    twins = _twins(records, pairs)

    gc.collect()
    rss_before = _rss_bytes()
    started = time.perf_counter()
    index = DuplicateIndex()
    for record in records:
        index.add(record.key, record.title, record.description)
    built = time.perf_counter() - started
    gc.collect()
    memory = _rss_bytes() - rss_before

    ours = [_search_ours(index, records[pair.key]) for pair in pairs]
    candidate_hits = [bool(set(index.candidates(records[pair.key].title, records[pair.key].description))
                           & twins[pair.of]) for pair in pairs if pair.kind != "lookalike"]
    duplicates._ALIGN = False
    try:
        unaligned = [_search_ours(index, records[pair.key]) for pair in pairs]
    finally:
        duplicates._ALIGN = True
    titles = [record.title for record in records]
    subset = pairs[:baseline_queries]
    baseline = [_search_baseline(titles, records[pair.key]) for pair in subset]
    ours_p50 = _percentile([seconds for seconds, _ in ours], 50)
    baseline_p50 = _percentile([seconds for seconds, _ in baseline], 50)
    return {
        "records": size,
        "generate_seconds": round(generated, 2),
        "engine": {
            "build_seconds": round(built, 2),
            "build_records_per_second": round(size / built),
            "memory_rss_mb": round(memory / 2**20, 1),
            "queries": len(pairs),
            "search_ms_p50": round(ours_p50 * 1e3, 3),
            "search_ms_p95": round(_percentile([seconds for seconds, _ in ours], 95) * 1e3, 3),
            "search_ms_max": round(max(seconds for seconds, _ in ours) * 1e3, 3),
            "candidate_recall": _share(candidate_hits),
            **_quality(pairs, [flagged for _, flagged in ours], twins),
            "on_baseline_queries": _quality(subset, [flagged for _, flagged in ours[:len(subset)]], twins),
        },
        "engine_without_alignment": {
            "search_ms_p50": round(_percentile([seconds for seconds, _ in unaligned], 50) * 1e3, 3),
            "search_ms_p95": round(_percentile([seconds for seconds, _ in unaligned], 95) * 1e3, 3),
            **_quality(pairs, [flagged for _, flagged in unaligned], twins),
        },
        "baseline": {
            "queries": len(subset),
            "search_ms_p50": round(baseline_p50 * 1e3, 1),
            "search_ms_p95": round(_percentile([seconds for seconds, _ in baseline], 95) * 1e3, 1),
            **_quality(subset, [flagged for _, flagged in baseline], twins),
        },
        "speedup_p50": round(baseline_p50 / ours_p50, 1),
    }


def _search_ours(index: DuplicateIndex, query: Record) -> tuple[float, set]:
    """Search the engine; return the time taken and the keys flagged as likely duplicates."""
    started = time.perf_counter()
    matches = index.search(query.title, query.description, limit=LIMIT + 1)
    elapsed = time.perf_counter() - started
    others = [match for match in matches if match.key != query.key][:LIMIT]
    return elapsed, {match.key for match in others if match.likely_duplicate}


def _search_baseline(titles: list[str], query: Record) -> tuple[float, set]:
    """Search by brute force over every title; return the time taken and the keys scoring >= 90."""
    started = time.perf_counter()
    matches = process.extract(query.title, titles, scorer=fuzz.token_set_ratio, limit=LIMIT + 1)
    elapsed = time.perf_counter() - started
    others = [(value, key) for _, value, key in matches if key != query.key][:LIMIT]
    return elapsed, {key for value, key in others if value >= BASELINE_FLAG}


def _twins(records: list[Record], pairs: list[Pair]) -> dict[int, set[int]]:
    """Map each source record to the records with exactly its title: flagging any of them is as right."""
    wanted = {pair.of for pair in pairs}
    by_title = defaultdict(set)
    for record in records:
        by_title[record.title].add(record.key)
    return {key: by_title[records[key].title] for key in wanted}


def _quality(pairs: list[Pair], flagged: list[set], twins: dict[int, set[int]]) -> dict:
    """Return duplicate recall and the look-alike false-flag share, overall and per variant."""
    hits: dict[str, list[bool]] = defaultdict(list)
    for pair, keys in zip(pairs, flagged, strict=True):
        hits[pair.variant or pair.kind].append(bool(keys & twins[pair.of]))
    found = [hit for variant, found in hits.items() if variant != "lookalike" for hit in found]
    lookalikes = hits.get("lookalike", [])
    return {
        "duplicate_recall": _share(found),
        "spelling_recall": _share([hit for variant in SPELLING_VARIANTS for hit in hits.get(variant, [])]),
        "restatement_recall": _share([hit for variant in RESTATEMENT_VARIANTS for hit in hits.get(variant, [])]),
        "lookalike_false_flag_rate": _share(lookalikes),
        "by_variant": {variant: {"n": len(found), "flagged": _share(found)} for variant, found in sorted(hits.items())},
    }


def _share(values: list[bool]) -> float | None:
    """Return the share of true values, None for none."""
    return round(sum(values) / len(values), 4) if values else None


def _percentile(values: list[float], percent: int) -> float:
    """Return a percentile (inclusive method)."""
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


def _rss_bytes() -> int:
    """Return this process's resident set size."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


if __name__ == "__main__":
    main()
