"""neverNotApplicable: left out of the JSON, carried to the checks, enforced by the compiler, proved by W4030."""

from __future__ import annotations

import itertools
import random
from pathlib import Path
from typing import Any

import pytest

from publisher.adoption.answer_risk import AnswerState, risk_of
from publisher.findings import Finding, SourceMap
from publisher.sources import compile_lens, never_not_applicable
from publisher.validate import validate_path
from publisher.validate.context import CheckContext
from publisher.validate.not_applicable import lowerings
from tests.sources.conftest import write_lens
from tests.validate.test_cli_validate import run

#: Codes whose cases live here (test_checks.py counts them as tested).
SOURCE_CODES = {"E4006", "W4030"}

SEVERITY = {"HIGH": 3, "MEDIUM": 2, "NONE": 1, "UNANSWERED": 0}


def _question(risk: str, never: str = "", choices: str = "q_a q_b q_c q_no") -> str:
    listed = f"neverNotApplicable: [{never}]\n" if never else ""
    items = "".join(f"  - id: {cid}\n    title: {'None of these' if cid.endswith('_no') else cid}\n"
                    for cid in choices.split())
    plans = "".join(f"## {cid}\n\n### Improvement plan\n\nDo {cid}.\n\n"
                    for cid in choices.split() if not cid.endswith("_no"))
    return f"---\ntitle: Do you test things?\n{listed}choices:\n{items}{risk}---\n\nWhy.\n\n{plans}"


RULES = "risk:\n  NO_RISK: {all: [q_a, q_b]}\n  MEDIUM_RISK: {any: [q_a, q_b]}\n  default: HIGH_RISK\n"
RAW_RULES = ("riskRules:\n  - {condition: 'q_a && q_b && !q_no', risk: NO_RISK}\n"
             "  - {condition: '(q_a || q_b) && !q_no', risk: MEDIUM_RISK}\n"
             "  - {condition: default, risk: HIGH_RISK}\n")


def _lens(tmp_path: Path, text: str) -> Path:
    return write_lens(tmp_path / "lens", {"q_one": text})


def _findings(tmp_path: Path, text: str) -> list[Finding]:
    return validate_path(_lens(tmp_path, text))


def test_field_stays_out_of_the_json_and_reaches_the_helper(tmp_path: Path) -> None:
    folder = _lens(tmp_path, _question(RULES, "q_a, q_b"))
    compiled = compile_lens(folder)
    assert compiled.findings == []
    question = compiled.doc["pillars"][0]["questions"][0]
    assert "neverNotApplicable" not in question
    assert "neverNotApplicable" not in str(compiled.doc)
    assert never_not_applicable(folder) == {"q_one": frozenset({"q_a", "q_b"})}


def test_compiler_makes_not_applicable_count_as_unselected(tmp_path: Path) -> None:
    question = compile_lens(_lens(tmp_path, _question(RULES, "q_a"))).doc["pillars"][0]["questions"][0]
    assert question["riskRules"][0]["condition"] == "((q_a || q_no) && q_b) && !q_no"
    # q_b may be not applicable, q_a may not: {q_b} with q_a marked N/A stays MEDIUM, as with q_a unselected
    assert risk_of(question, AnswerState(frozenset({"q_b"}), frozenset({"q_a"}))) == "MEDIUM"
    assert risk_of(question, AnswerState(frozenset({"q_a"}), frozenset({"q_b"}))) == "NONE"


def test_without_the_field_not_applicable_launders(tmp_path: Path) -> None:
    question = compile_lens(_lens(tmp_path, _question(RULES))).doc["pillars"][0]["questions"][0]
    assert risk_of(question, AnswerState(frozenset({"q_b"}), frozenset({"q_a"}))) == "NONE"


def test_clean_when_the_compiler_guards_the_listed_choices(tmp_path: Path) -> None:
    assert _findings(tmp_path, _question(RULES, "q_a, q_b, q_c")) == []


def test_raw_rules_that_launder_are_w4030_at_the_list_item(tmp_path: Path) -> None:
    findings = _findings(tmp_path, _question(RAW_RULES, "q_c, q_a"))
    assert [(f.code, f.location.line, f.location.column) for f in findings] == [("W4030", 3, 27)]
    assert findings[0].location.file.endswith("q_one.md")
    assert findings[0].location.pointer == "/pillars/0/questions/0/neverNotApplicable/1"
    assert ("marking 'q_a' not applicable instead of leaving it unselected lowers the risk in 5 answers, "
            "e.g. {q_b} selected: MEDIUM_RISK becomes NO_RISK") in findings[0].message


def test_question_without_none_of_these_is_not_guarded(tmp_path: Path) -> None:
    risk = "risk:\n  NO_RISK: {all: [q_a, q_b]}\n  default: HIGH_RISK\n"
    findings = _findings(tmp_path, _question(risk, "q_a", choices="q_a q_b q_c"))
    assert [f.code for f in findings] == ["W4030"]
    assert "nothing selected" not in findings[0].message


def test_unknown_and_none_of_these_ids_are_e4006(tmp_path: Path) -> None:
    findings = _findings(tmp_path, _question(RULES, "q_zz, q_no"))
    assert [(f.code, f.location.line) for f in findings] == [("E4006", 3), ("E4006", 3)]
    assert "'q_zz', which is not a choice" in findings[0].message
    assert "'q_no', the \"None of these\" choice" in findings[1].message


def test_wrong_type_is_a_source_error_not_a_crash(tmp_path: Path) -> None:
    findings = _findings(tmp_path, _question(RULES, "q_a, [x]"))
    assert [f.code for f in findings] == ["E0903"]


def test_cli_exit_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _lens(tmp_path, _question(RAW_RULES, "q_a"))
    code, out, _ = run(capsys, "validate", "--strict", str(folder))
    assert code == 1
    assert "q_one.md:3:22: W4030" in out


def _brute_force(question: dict[str, Any], choice_id: str) -> int:
    """Answers where marking ``choice_id`` not applicable, instead of leaving it unselected, lowers the risk
    as the WA Tool scores it (``answer_risk``), leaving out the two answers ``lowerings`` documents."""
    ids = [c["id"] for c in question["choices"]]
    others = [cid for cid in ids if cid != choice_id]
    ordinary = {cid for cid in others if not cid.endswith("_no")}
    count = 0
    for states in itertools.product(*[(0, 1) if cid.endswith("_no") else (0, 1, 2) for cid in others]):
        selected = frozenset(cid for cid, s in zip(others, states, strict=True) if s == 1)
        marked = frozenset(cid for cid, s in zip(others, states, strict=True) if s == 2)
        if not selected and (not marked or marked == ordinary):
            continue
        before = risk_of(question, AnswerState(selected, marked))
        after = risk_of(question, AnswerState(selected, marked | {choice_id}))
        count += before != "UNANSWERED" and SEVERITY[after] < SEVERITY[before]
    return count


def _random_condition(rng: random.Random, ids: list[str], depth: int = 0) -> str:
    if depth > 2 or rng.random() < 0.35:
        return ("!" if rng.random() < 0.3 else "") + rng.choice(ids)
    operator = rng.choice([" && ", " || "])
    parts = [_random_condition(rng, ids, depth + 1) for _ in range(rng.randint(2, 3))]
    return ("!" if rng.random() < 0.2 else "") + "(" + operator.join(parts) + ")"


@pytest.mark.parametrize("seed", range(40))
def test_bitset_analysis_agrees_with_scoring_every_answer(seed: int) -> None:
    rng = random.Random(seed)
    ids = ["c_a", "c_b", "c_c", "c_d"][:rng.randint(2, 4)] + (["c_no"] if rng.random() < 0.7 else [])
    levels = rng.sample(["NO_RISK", "MEDIUM_RISK", "HIGH_RISK"], 3)
    rules = [{"condition": _random_condition(rng, ids), "risk": level} for level in levels[:2]]
    rules.append({"condition": "default", "risk": levels[2]})
    question = {"id": "q", "choices": [{"id": cid} for cid in ids], "riskRules": rules}
    doc = {"pillars": [{"id": "p", "questions": [question]}]}
    view = CheckContext(doc, SourceMap()).questions[0]
    for choice_id in (cid for cid in ids if not cid.endswith("_no")):
        found = lowerings(view, choice_id)
        expected = _brute_force(question, choice_id)
        assert (found.count if found else 0) == expected, (rules, choice_id)
        if found:
            example = found.example
            state = AnswerState(frozenset(example.selected), frozenset(example.not_applicable))
            lowered = AnswerState(state.selected, state.not_applicable | {choice_id})
            assert SEVERITY[risk_of(question, lowered)] < SEVERITY[risk_of(question, state)]
