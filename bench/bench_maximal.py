"""Every stage on a maximal lens: 10 pillars x 20 questions x 15 choices, as large as fits in 500,000 characters.

Stages: build (compile the sources), validate (schema + semantic + full risk truth tables), decompile,
and diff of two such lenses with scattered changes. Reports the median wall time and the peak
Python heap (tracemalloc, measured in a separate pass so it does not slow the timed runs).

Usage: python bench/bench_maximal.py [--repeat N]
"""

from __future__ import annotations

import argparse
import copy
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from publisher.diff import diff_lenses
from publisher.lensjson import dumps, wire_text
from publisher.loader import load_path
from publisher.sources import compile_lens
from publisher.sources.decompiler import decompile
from publisher.validate import validate_document

PILLARS, QUESTIONS, CHOICES = 10, 20, 15
SIZE_LIMIT = 500_000
WORDS = "workload cluster node pod image policy metric alarm budget capacity zone replica "


def _text(length: int, seed: int) -> str:
    words = (WORDS * (length // len(WORDS) + 2))[seed % 13:]
    return words[:length].rstrip() + "."


def _question(p: int, q: int, text: int) -> dict[str, Any]:
    qid = f"p{p}_q{q}"
    choices: list[dict[str, Any]] = [
        {"id": f"{qid}_c{c}", "title": _text(text, c), "improvementPlan": {"displayText": _text(text, c + 1)}}
        for c in range(CHOICES - 1)
    ]
    choices.append({"id": f"{qid}_no", "title": "None of these"})
    ids = [c["id"] for c in choices[:-1]]
    return {
        "id": qid, "title": _text(60, q) + "?", "description": _text(3 * text, q),
        "helpfulResource": {"displayText": "Guide", "url": f"https://docs.example.test/{qid}"},
        "choices": choices,
        "riskRules": [
            {"condition": f"({' && '.join(ids[:4])}) && !{qid}_no", "risk": "NO_RISK"},
            {"condition": f"({' || '.join(ids[:6])}) && !{qid}_no", "risk": "MEDIUM_RISK"},
            {"condition": "default", "risk": "HIGH_RISK"},
        ],
    }


def maximal_lens() -> dict[str, Any]:
    """The largest text size per field that keeps the whole lens under the 500,000-character limit."""
    best: dict[str, Any] = {}
    for text in range(1, 200):
        doc = {"schemaVersion": "2021-11-01", "name": "Maximal Lens", "description": "Benchmark lens.",
               "pillars": [{"id": f"pillar{p}", "name": f"Pillar {p}",
                            "questions": [_question(p, q, text) for q in range(QUESTIONS)]}
                           for p in range(PILLARS)]}
        if len(wire_text(doc)) > SIZE_LIMIT:
            return best
        best = doc
    return best


def scattered_changes(doc: dict[str, Any]) -> dict[str, Any]:
    """A copy with edits spread over the lens: wording, URLs, a removed choice, a changed rule."""
    new = copy.deepcopy(doc)
    for p, pillar in enumerate(new["pillars"]):
        question = pillar["questions"][(p * 7) % QUESTIONS]
        question["title"] = question["title"].replace("workload", "service")
        question["helpfulResource"]["url"] += "-v2"
        if p % 3 == 0:
            del question["choices"][5]
        if p % 4 == 0:
            question["riskRules"][0]["condition"] = question["riskRules"][0]["condition"].replace(" && ", " || ", 1)
    return new


def measure(stage: Callable[[], object], repeat: int) -> tuple[float, float]:
    """(median seconds, peak MiB of Python allocations)."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        stage()
        samples.append(time.perf_counter() - start)
    tracemalloc.start()
    stage()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return statistics.median(samples), peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    doc = maximal_lens()
    changed = scattered_changes(doc)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        sources = root / "sources"
        decompile(doc, sources)
        json_file = root / "maximal.json"
        json_file.write_text(wire_text(doc), encoding="utf-8")
        counter = iter(range(10**6))

        def validate() -> object:
            lens = load_path(json_file)
            return validate_document(lens.doc, lens.source_map, text=lens.text)

        stages = {
            "build (compile 200 question files)": lambda: compile_lens(sources),
            "validate (load + all checks + truth tables)": validate,
            "decompile": lambda: decompile(doc, root / f"out{next(counter)}"),
            "diff (scattered changes)": lambda: diff_lenses(doc, changed),
        }
        results = {name: measure(stage, args.repeat) for name, stage in stages.items()}
    print(f"maximal lens: {PILLARS} pillars x {QUESTIONS} questions x {CHOICES} choices, "
          f"{len(wire_text(doc))} characters as sent to ImportLens ({len(dumps(doc))} as build/ writes it)")
    print(f"| stage | median s ({args.repeat} runs) | peak Python heap MiB |")
    print("|---|---|---|")
    for name, (seconds, peak) in results.items():
        print(f"| {name} | {seconds:.3f} | {peak:.1f} |")


if __name__ == "__main__":
    main()
