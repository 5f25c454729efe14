"""Reviewer warnings: wiped answers, meaning changes under a kept id, moves, riskier answers, renames."""

from __future__ import annotations

from publisher.diff import diff_lenses
from publisher.diff.notices import MEANING_CHANGE_RATIO, title_similarity

from .lensfactory import choice, edited, make_choice, make_lens, pillar, question


def test_question_whose_choice_ids_all_change_wipes_answers() -> None:
    old = make_lens()
    new = edited(old)
    question(new, "sec_q1")["choices"] = [make_choice(f"sec_q1_v2_{s}") for s in ("a", "b", "no")]
    question(new, "sec_q1")["riskRules"] = [{"condition": "default", "risk": "HIGH_RISK"}]
    result = diff_lenses(old, new)
    assert result.warnings[0] == (
        "sec/sec_q1: answers wiped: none of its 3 old choice ids (sec_q1_a, sec_q1_b, sec_q1_no) exists any "
        "more, so every existing answer to it is lost on upgrade")


def test_keeping_one_choice_id_is_not_a_wipe() -> None:
    old = make_lens()
    new = edited(old)
    question(new, "sec_q1")["choices"] = [make_choice("sec_q1_a"), make_choice("sec_q1_z")]
    assert not any("answers wiped" in warning for warning in diff_lenses(old, new).warnings)


def test_retitle_with_low_similarity_warns_but_rewording_does_not() -> None:
    old = make_lens()
    new = edited(old)
    choice(new, "ops_q1", "ops_q1_a")["title"] = "Practice ops_q1_a is in place everywhere"
    choice(new, "ops_q1", "ops_q1_b")["title"] = "Budgets alert the finance team"
    result = diff_lenses(old, new)
    assert result.classification == "minor"
    [warning] = result.warnings
    assert warning.startswith("ops/ops_q1/choices/ops_q1_b/title: the choice keeps its id but its title "
                              "changed meaning (similarity 0.")
    assert "'Practice ops_q1_b is in place' -> 'Budgets alert the finance team'" in warning


def test_similarity_threshold() -> None:
    assert title_similarity("Alarms documented", "ALARMS DOCUMENTED") == 1.0
    assert title_similarity("Two times expected load", "Tested two times expected load") >= MEANING_CHANGE_RATIO
    assert title_similarity("Alarms documented", "Runbooks exist for each alarm") < MEANING_CHANGE_RATIO


def test_question_moved_between_pillars_warns() -> None:
    old = make_lens()
    new = edited(old)
    pillar(new, "sec")["questions"].append(pillar(new, "ops")["questions"].pop())
    assert diff_lenses(old, new).warnings == [
        "sec/ops_q2: question moved from pillar ops to sec; its answers now count toward another pillar"]


def test_riskier_rules_warn_with_an_example_and_safer_rules_name_the_answers_they_lower() -> None:
    old = make_lens()
    riskier = edited(old)
    question(riskier, "ops_q1")["riskRules"][1]["risk"] = "HIGH_RISK"
    [warning] = diff_lenses(old, riskier).warnings
    assert warning == ("ops/ops_q1/riskRules: 2 of 7 possible answers become riskier (2 of them possible "
                       "today), e.g. selecting ops_q1_a was MEDIUM_RISK, now HIGH_RISK")
    safer = edited(old)
    question(safer, "ops_q1")["riskRules"][2]["risk"] = "MEDIUM_RISK"
    result = diff_lenses(old, safer)
    assert result.classification == "major"
    [warning] = result.warnings
    assert warning.startswith("ops/ops_q1/riskRules: the bar is lowered: 4 answer(s) possible today become less "
                              "risky: selecting ops_q1_no was HIGH_RISK, now MEDIUM_RISK; ")
    assert warning.count(" was HIGH_RISK, now MEDIUM_RISK") == 4


def test_a_rule_that_drops_a_choice_names_the_answers_it_lowers() -> None:
    old = make_lens()
    lowered = edited(old)
    question(lowered, "ops_q1")["riskRules"][0]["condition"] = "ops_q1_a && !ops_q1_no"  # ops_q1_b no longer needed
    [warning] = diff_lenses(old, lowered).warnings
    assert warning == ("ops/ops_q1/riskRules: the bar is lowered: 1 answer(s) possible today become less risky: "
                       "selecting ops_q1_a was MEDIUM_RISK, now NO_RISK")


def test_answers_that_tick_a_removed_choice_are_never_given_as_examples() -> None:
    old = make_lens()
    new = edited(old)
    q = question(new, "ops_q1")
    q["choices"] = [choice for choice in q["choices"] if choice["id"] != "ops_q1_b"]
    q["riskRules"] = [{"condition": "ops_q1_a && !ops_q1_no", "risk": "NO_RISK"},
                      {"condition": "default", "risk": "HIGH_RISK"}]
    result = diff_lenses(old, new)
    [rules] = [change for change in result.changes if change.kind == "risk_rules_changed"]
    assert rules.outcome is not None and rules.outcome.examples
    assert all("ops_q1_b" not in example.selected for example in rules.outcome.examples + rules.outcome.lowered)
    assert not any("ops_q1_b" in warning for warning in result.warnings if "riskRules" in warning)


def test_lens_rename_warns_that_the_service_refuses_it() -> None:
    old = make_lens()
    new = edited(old)
    new["name"] = "Renamed Lens"
    [warning] = diff_lenses(old, new).warnings
    assert "refuses an update whose name differs from the published name" in warning
