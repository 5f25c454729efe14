"""Time full validation of a maximal lens: 10 pillars x 20 questions x 15 choices, texts near the limits.

Every count is at its maximum and texts are close to their per-field limits, so the document is far
above the 500 KB whole-lens limit: the two size findings (E3020, E3021) are expected, and the run
is a worst case for every other check, including the risk analysis of 200 questions over 2**15
selections each.

Run: .venv/bin/python bench/bench_validate.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from publisher.jsonpos import load_with_positions
from publisher.lensjson import dumps
from publisher.loader import load_path
from publisher.validate import validate_document

PILLARS, QUESTIONS, CHOICES = 10, 20, 15


def _text(prefix: str, length: int) -> str:
    return (prefix + " " + "lorem ipsum dolor sit amet " * (length // 27 + 1))[:length].rstrip() + "."


def _choice(p: int, q: int, c: int) -> dict[str, Any]:
    choice_id = f"p{p:02d}_q{q:02d}_c{c:02d}"
    return {
        "id": choice_id,
        "title": _text(f"Choice {c}", 120),
        "helpfulResource": {"displayText": _text("Help", 200), "url": f"https://example.com/{choice_id}/help"},
        "improvementPlan": {"displayText": _text("Plan", 200), "url": f"https://example.com/{choice_id}/plan"},
    }


def _question(p: int, q: int) -> dict[str, Any]:
    prefix = f"p{p:02d}_q{q:02d}"
    choices = [_choice(p, q, c) for c in range(CHOICES - 1)]
    choices.append({"id": f"{prefix}_no", "title": "None of these"})
    ids = [choice["id"] for choice in choices[:-1]]
    guard = f"!{prefix}_no"
    return {
        "id": prefix,
        "title": _text(f"Question {q}", 120),
        "description": _text("Why it matters", 500),
        "helpfulResource": {"displayText": _text("Guide", 60), "url": f"https://example.com/{prefix}"},
        "choices": choices,
        "riskRules": [
            {"condition": "(" + " && ".join(ids) + f") && {guard}", "risk": "NO_RISK"},
            {"condition": f"(({ids[0]} && {ids[1]}) || ({ids[2]} && !{ids[3]})) && {guard}", "risk": "MEDIUM_RISK"},
            {"condition": "default", "risk": "HIGH_RISK"},
        ],
    }


def maximal_lens() -> dict[str, Any]:
    return {
        "schemaVersion": "2021-11-01",
        "name": _text("Maximal lens", 120),
        "description": _text("Benchmark lens", 1000),
        "pillars": [{"id": f"pillar_{p:02d}", "name": _text(f"Pillar {p}", 120),
                     "questions": [_question(p, q) for q in range(QUESTIONS)]} for p in range(PILLARS)],
    }


def _time(action: Any, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    text = dumps(maximal_lens())
    doc, source_map = load_with_positions(text, "maximal.json")
    findings = validate_document(doc, source_map, text=text)
    print(f"lens: {len(text)} characters, {len(text.encode())} bytes, {PILLARS}x{QUESTIONS}x{CHOICES}; "
          f"findings: {len(findings)} ({', '.join(sorted({f.code for f in findings})) or 'none'})")
    with TemporaryDirectory() as folder:
        path = Path(folder) / "maximal.json"
        path.write_text(text, encoding="utf-8")
        stages = {
            "parse (jsonpos)": lambda: load_with_positions(text, "maximal.json"),
            "validate_document": lambda: validate_document(doc, source_map, text=text),
            "load + validate file": lambda: validate_document(*_loaded(load_path(path))),
        }
        for name, action in stages.items():
            times = _time(action, args.repeat)
            print(f"{name:<22} median {statistics.median(times) * 1000:8.1f} ms   max {max(times) * 1000:8.1f} ms")


def _loaded(lens: Any) -> tuple[Any, Any]:
    return lens.doc, lens.source_map


if __name__ == "__main__":
    main()
