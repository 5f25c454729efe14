"""Benchmark ``walens diff`` on two maximal lenses (10 pillars x 20 questions x 15 choices).

The new lens differs in scattered places: retitles, text and URL edits, removed and added choices,
a moved question, reordered choices, and risk rules rewritten over all 15 choices of a question
(the worst case for the outcome comparison: 2**15 selections per rule change).

Run: ``.venv/bin/python bench/bench_diff.py [--repeat N]``; target: well under 1 s per diff.
"""

from __future__ import annotations

import argparse
import copy
import statistics
import time
from typing import Any

from publisher.diff import diff_lenses

PILLARS, QUESTIONS, CHOICES = 10, 20, 15


def maximal_lens() -> dict[str, Any]:
    pillars = []
    for p in range(PILLARS):
        questions = []
        for q in range(QUESTIONS):
            qid = f"p{p}_q{q}"
            ids = [f"{qid}_c{c}" for c in range(CHOICES)]
            choices = [{
                "id": cid,
                "title": f"Practice {cid} is applied across every workload account",
                "helpfulResource": {"displayText": f"Why {cid} matters, with the details reviewers need. " * 4,
                                    "url": f"https://example.com/help/{cid}"},
                "improvementPlan": {"displayText": f"How to adopt {cid}, step by step. " * 6,
                                    "url": f"https://example.com/plan/{cid}"},
            } for cid in ids]
            rules = [
                {"condition": " && ".join(ids[:10]), "risk": "NO_RISK"},
                {"condition": " || ".join(ids[:5]), "risk": "MEDIUM_RISK"},
                {"condition": "default", "risk": "HIGH_RISK"},
            ]
            questions.append({"id": qid, "title": f"How do you handle area {q} of pillar {p}?",
                              "description": f"Context for {qid}. " * 20, "choices": choices, "riskRules": rules})
        pillars.append({"id": f"p{p}", "name": f"Pillar {p}", "questions": questions})
    return {"schemaVersion": "2021-11-01", "name": "Maximal Lens", "description": "Benchmark lens.",
            "pillars": pillars}


def scattered_changes(lens: dict[str, Any]) -> dict[str, Any]:
    new = copy.deepcopy(lens)
    for p, pillar in enumerate(new["pillars"]):
        for q, question in enumerate(pillar["questions"]):
            n = p * QUESTIONS + q
            ids = [choice["id"] for choice in question["choices"]]
            if n % 7 == 0:
                question["title"] += " (revised)"
            if n % 11 == 0:
                question["choices"][3]["improvementPlan"]["url"] = "https://example.com/new-plan"
                question["choices"][4]["helpfulResource"]["displayText"] += " Updated."
            if n % 13 == 0:
                question["choices"].pop()
            if n % 17 == 0:
                question["choices"].append({"id": f"{question['id']}_extra", "title": "A new practice",
                                            "improvementPlan": {"displayText": "Adopt it."}})
            if n % 19 == 0:
                question["choices"].reverse()
            if n % 23 == 0:  # rules over all 15 choices
                question["riskRules"][0]["condition"] = " && ".join(ids)
                question["riskRules"][1]["condition"] = " || ".join(ids[5:])
    moved = new["pillars"][0]["questions"].pop(5)
    new["pillars"][1]["questions"].append(moved)
    return new


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    old = maximal_lens()
    new = scattered_changes(old)
    diff_lenses(old, old)  # warm-up: lazy imports
    timings = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        result = diff_lenses(old, new)
        timings.append(time.perf_counter() - start)
    same = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        diff_lenses(old, copy.deepcopy(old))
        same.append(time.perf_counter() - start)
    print(f"lens: {PILLARS} pillars x {QUESTIONS} questions x {CHOICES} choices")
    print(f"changes: {len(result.changes)} ({result.classification}), warnings: {len(result.warnings)}")
    print(f"diff with scattered changes: median {statistics.median(timings):.3f} s, "
          f"min {min(timings):.3f} s, max {max(timings):.3f} s over {args.repeat} runs")
    print(f"diff of equal lenses:        median {statistics.median(same):.3f} s")


if __name__ == "__main__":
    main()
