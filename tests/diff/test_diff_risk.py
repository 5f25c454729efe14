"""Risk-rule changes: outcome comparison over every possible answer, and its effect on classification."""

from __future__ import annotations

import pytest

from publisher.diff import diff_lenses, risk
from publisher.diff.risk import compare_risk

from .lensfactory import edited, make_choice, make_lens, question


def rules(*pairs: tuple[str, str]) -> list[dict[str, str]]:
    return [{"condition": condition, "risk": level} for condition, level in pairs]


def test_equivalent_rewrite_changes_no_outcome_and_is_minor() -> None:
    old = make_lens()
    new = edited(old)
    question(new, "ops_q1")["riskRules"] = rules(
        ("!ops_q1_no && (ops_q1_b && ops_q1_a)", "NO_RISK"),
        ("!ops_q1_no && (ops_q1_b || ops_q1_a)", "MEDIUM_RISK"),
        ("default", "HIGH_RISK"),
    )
    result = diff_lenses(old, new)
    [change] = result.changes
    assert (change.kind, change.path, change.impact) == ("risk_rules_changed", "ops/ops_q1/riskRules", "minor")
    assert change.outcome is not None
    assert (change.outcome.changed, change.outcome.selections) == (0, 7)
    assert result.classification == "minor"


def test_outcome_change_on_existing_answers_is_major_with_examples() -> None:
    outcome = compare_risk(
        rules(("a && b", "NO_RISK"), ("a || b", "MEDIUM_RISK"), ("default", "HIGH_RISK")),
        rules(("a", "NO_RISK"), ("default", "HIGH_RISK")),
        ["a", "b"], ["a", "b"])
    # {a}: MEDIUM -> NO (safer); {b}: MEDIUM -> HIGH (riskier); {a, b}: NO -> NO
    assert (outcome.selections, outcome.changed, outcome.existing_changed, outcome.riskier) == (3, 2, 2, 1)
    assert [(e.selected, e.before, e.after) for e in outcome.examples] == [
        (("b",), "MEDIUM_RISK", "HIGH_RISK"),
        (("a",), "MEDIUM_RISK", "NO_RISK"),
    ]


def test_rule_that_now_needs_a_new_choice_is_major() -> None:
    """Answers {a, b} were NO_RISK; the new rule also wants the new choice c, so they become MEDIUM."""
    old = make_lens()
    new = edited(old)
    q = question(new, "sec_q2")
    q["choices"].insert(2, make_choice("sec_q2_c"))
    q["riskRules"][0]["condition"] = "sec_q2_a && sec_q2_b && sec_q2_c && !sec_q2_no"
    result = diff_lenses(old, new)
    assert result.classification == "major"
    outcome = result.changes[-1].outcome
    assert outcome is not None and outcome.existing_changed == 1
    assert outcome.examples[0].describe() == "selecting sec_q2_a and sec_q2_b"
    assert (outcome.examples[0].before, outcome.examples[0].after) == ("NO_RISK", "MEDIUM_RISK")


def test_rule_change_that_only_affects_answers_with_a_new_choice_is_minor() -> None:
    """Ticking the new choice c alone is enough for NO_RISK; no answer held today changes."""
    old = make_lens()
    new = edited(old)
    q = question(new, "sec_q2")
    q["choices"].insert(2, make_choice("sec_q2_c"))
    q["riskRules"][0]["condition"] = "((sec_q2_a && sec_q2_b) || sec_q2_c) && !sec_q2_no"
    result = diff_lenses(old, new)
    assert result.classification == "minor"
    outcome = result.changes[-1].outcome
    assert outcome is not None
    assert (outcome.existing_changed, outcome.riskier) == (0, 0)
    assert outcome.changed > 0


def test_default_change_reaching_only_new_answers_is_minor() -> None:
    """ORR 1.3.5 -> 1.3.6 pattern: one choice, an unmentioned 'none' choice added, default lowered."""
    outcome = compare_risk(rules(("x", "NO_RISK"), ("default", "HIGH_RISK")),
                           rules(("x", "NO_RISK"), ("default", "MEDIUM_RISK")),
                           ["x"], ["x", "x_no"])
    assert (outcome.changed, outcome.existing_changed) == (1, 0)
    assert outcome.examples[0].describe() == "selecting only choices no rule mentions"


def test_unanswered_question_is_never_compared() -> None:
    """With every choice mentioned, the empty selection is 'Unanswered' whatever the rules say."""
    outcome = compare_risk(rules(("a", "NO_RISK"), ("default", "HIGH_RISK")),
                           rules(("a", "NO_RISK"), ("!a", "MEDIUM_RISK"), ("default", "HIGH_RISK")),
                           ["a"], ["a"])
    assert (outcome.selections, outcome.changed) == (1, 0)


def test_missing_default_counts_as_no_rule() -> None:
    outcome = compare_risk(rules(("a", "NO_RISK")), rules(("a", "NO_RISK"), ("default", "HIGH_RISK")),
                           ["a", "b"], ["a", "b"])
    # {a} and {a, b} match 'a' in both versions; only {b} goes from no rule at all to HIGH_RISK.
    assert (outcome.changed, outcome.riskier) == (1, 1)
    assert (outcome.examples[0].before, outcome.examples[0].after) == (None, "HIGH_RISK")


def test_unparsable_rules_are_not_compared_and_count_as_major() -> None:
    old = make_lens()
    new = edited(old)
    question(new, "ops_q2")["riskRules"][1]["condition"] = "(ops_q2_a || ops_q2_b"
    result = diff_lenses(old, new)
    outcome = result.changes[0].outcome
    assert outcome is not None and not outcome.computed
    assert "rule 2 at column" in outcome.note
    assert result.classification == "major"
    assert any("treated as major" in warning for warning in result.warnings)


def test_too_many_mentioned_choices_are_not_compared(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(risk, "MAX_DOMAIN", 2)
    outcome = compare_risk(rules(("a && b && c", "NO_RISK"), ("default", "HIGH_RISK")),
                           rules(("a && b", "NO_RISK"), ("default", "HIGH_RISK")), ["a", "b", "c"], ["a", "b", "c"])
    assert not outcome.computed
    assert "3 choices" in outcome.note


def test_rules_mentioning_no_choice_collapse_to_one_selection() -> None:
    outcome = compare_risk(rules(("default", "HIGH_RISK")), rules(("default", "NO_RISK")), ["a", "b"], ["a", "b"])
    assert (outcome.choice_ids, outcome.selections, outcome.changed, outcome.existing_changed) == ((), 1, 1, 1)


def test_examples_are_bounded_and_json_ready() -> None:
    ids = [f"c{i}" for i in range(8)]
    mentioned = rules((" || ".join(ids), "NO_RISK"), ("default", "HIGH_RISK"))
    outcome = compare_risk(mentioned, rules(("default", "HIGH_RISK")), ids, ids)
    assert (outcome.selections, outcome.changed, outcome.riskier) == (255, 255, 255)
    assert len(outcome.examples) == risk.MAX_EXAMPLES
    assert outcome.to_json()["examples"][0] == {"selected": ["c0"], "before": "NO_RISK", "after": "HIGH_RISK"}
