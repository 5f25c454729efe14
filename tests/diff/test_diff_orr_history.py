"""Classification of the real AWS Labs Operational Readiness Review lens history, v1.3.2 .. v1.3.6.

Each consecutive pair was inspected by hand (see the comments per pair); the tests pin the
classification and the changes that decide it, so a regression in matching, risk analysis or the
classification table shows up on real-world data.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from typing import Any

from publisher.diff import Change, LensDiff, diff_lenses
from tests.corpus import ORR_HISTORY


@cache
def orr(version: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((ORR_HISTORY / f"orr-v{version}-PUBLISHED.json").read_text(encoding="utf-8"))
    return doc


@cache
def orr_diff(old: str, new: str) -> LensDiff:
    return diff_lenses(orr(old), orr(new))


def kinds(diff: LensDiff, impact: str) -> Counter[str]:
    return Counter(change.kind for change in diff.changes if change.impact == impact)


def at(diff: LensDiff, path: str) -> Change:
    return next(change for change in diff.changes if change.path == path)


def test_1_3_2_to_1_3_3_is_major_only_because_of_a_risk_outcome() -> None:
    """Small release: one choice added to architecture_architecture_diagram, one choice retitled
    ("Matrix has provided" -> "Matrix (or wiki link) has provided"), the lens name gained " v1.3.3".
    On their own these are minor. But the NO_RISK rule of architecture_architecture_diagram now also
    requires the new choice, so a workload that ticked both diagrams (NO_RISK) silently drops to
    MEDIUM_RISK: that re-scores an existing answer, hence major."""
    diff = orr_diff("1.3.2", "1.3.3")
    assert diff.classification == "major"
    assert kinds(diff, "major") == {"risk_rules_changed": 1}
    assert kinds(diff, "minor") == {"lens_renamed": 1, "choice_added": 1, "choice_retitled": 1}
    rule = at(diff, "architecture/architecture_architecture_diagram/riskRules")
    assert rule.outcome is not None
    assert (rule.outcome.existing_changed, rule.outcome.riskier) == (1, 1)
    example = rule.outcome.examples[0]
    assert (set(example.selected), example.before, example.after) == (
        {"architecture_diagram", "data_flow_diagram"}, "NO_RISK", "MEDIUM_RISK")
    # The similar retitle raises no meaning warning; the rename and the riskier answers do.
    assert len(diff.warnings) == 2
    assert "lens name changed" in diff.warnings[0]
    assert "become riskier" in diff.warnings[1]


def test_1_3_3_to_1_3_4_is_major_removal_rescoring_and_meaning_changes() -> None:
    """Large content release. Deciding changes: event_jvm_metrics drops its only choice
    risk_mitigated for six new ones (every existing answer to it is wiped); the risk rules of
    architecture_failure_models, architecture_dependency_retry and event_kpis re-score answers held
    today. Also: three questions added to event_management (shifting the others down, which is not a
    reorder: relative order is kept), releases_manual_changes moved to the top of release_quality,
    both non-architecture pillars renamed, the three event_alarms choices titled 'Alarms documented'
    (a copy-paste slip) get their real titles, and one helpfulResource gains a misspelt 'Url' key."""
    diff = orr_diff("1.3.3", "1.3.4")
    assert diff.classification == "major"
    assert kinds(diff, "major") == {"risk_rules_changed": 3, "choice_removed": 1}
    assert {c.path.split("/")[1] for c in diff.changes if c.kind == "risk_rules_changed" and c.impact == "major"} \
        == {"architecture_failure_models", "architecture_dependency_retry", "event_kpis"}
    assert [c.path for c in diff.changes if c.kind == "question_added"] == [
        "event_management/event_canary_alarms", "event_management/event_gameday",
        "event_management/event_resilience_recoveries"]
    assert [c.path for c in diff.changes if c.kind in ("pillar_renamed", "questions_reordered")] == [
        "release_quality/name", "release_quality", "event_management/name"]
    assert at(diff, "release_quality").after[0] == "releases_manual_changes"
    typo = at(diff, "architecture/architecture_dependency_retry/choices/aws_services/helpfulResource/Url")
    assert typo.kind == "field_changed"
    # event_jvm_metrics: its rules change too, but no choice survives, so no answer held today is
    # re-scored by the rules; the loss is reported by the removal and the answer-wiping warning.
    assert at(diff, "event_management/event_jvm_metrics/riskRules").impact == "minor"
    assert diff.warnings[0].startswith("event_management/event_jvm_metrics: answers wiped")
    meaning = [w for w in diff.warnings if "changed meaning" in w]
    assert [w.split("/")[1] for w in meaning] == [
        "architecture_dependency_retry", "architecture_dependency_retry", "releases_change_management",
        "event_alarms", "event_alarms", "event_alarms"]


def test_1_3_4_to_1_3_5_is_minor_typo_fixes() -> None:
    """Spelling and grammar only: 12 choice titles ("vunerability" -> "vulnerability", "performs" ->
    "perform", "Two times" -> "Tested two times", a doubled space removed, ...), 7 descriptions or
    helpful texts, and the lens name loses its " v1.3.4" suffix again. No id, choice or rule changes,
    so every existing answer keeps its meaning and risk: minor, and no retitle reads as a new meaning."""
    diff = orr_diff("1.3.4", "1.3.5")
    assert diff.classification == "minor"
    assert kinds(diff, "minor") == {"choice_retitled": 12, "text_changed": 7, "lens_renamed": 1}
    assert diff.warnings == [next(w for w in diff.warnings if "lens name changed" in w)]
    spaced = at(diff, "event_management/event_resilience_recoveries/choices/runbooks_exist/title")
    assert spaced.before.replace("  ", " ") == spaced.after


def test_1_3_5_to_1_3_6_is_major_with_none_of_these_choices_and_rule_rewrites() -> None:
    """The 'None of these' release. Each of the 51 existing questions gains a noneofthese choice
    ("None of these.", "Not available.", ...): harmless on its own, nobody ticked it yet. One question
    is added (event_budget_alerts). Eight choices disappear: five from event_jvm_metrics, plus
    aws_services, frontend risk_mitigated and resilience runbooks_exist. 29 rule sets are rewritten:
    14 re-score answers held today; the other 15 only change the risk of answers that need a new
    choice (typically noneofthese alone, e.g. event_gameday's default going from HIGH to MEDIUM), so
    they alone would be minor."""
    diff = orr_diff("1.3.5", "1.3.6")
    assert diff.classification == "major"
    assert kinds(diff, "major") == {"choice_removed": 8, "risk_rules_changed": 14}
    assert kinds(diff, "minor")["risk_rules_changed"] == 15
    assert sum(1 for c in diff.changes if c.kind == "choice_added" and c.id == "noneofthese") == 51
    assert [c.path for c in diff.changes if c.kind == "question_added"] == ["event_management/event_budget_alerts"]
    gameday = at(diff, "event_management/event_gameday/riskRules")
    assert gameday.impact == "minor" and gameday.outcome is not None
    assert [(e.selected, e.before, e.after) for e in gameday.outcome.examples] == [((), "HIGH_RISK", "MEDIUM_RISK")]
    health = at(diff, "architecture/architecture_health_checks/riskRules")
    assert health.impact == "major" and health.outcome is not None
    assert {(e.selected, e.before, e.after) for e in health.outcome.examples} == {
        (("lb_health_checks",), "HIGH_RISK", "MEDIUM_RISK"), (("dns_health_checks",), "HIGH_RISK", "MEDIUM_RISK")}
    assert diff.warnings[0].startswith("event_management/event_frontend_alarms: answers wiped")


def test_history_diffs_are_fast_and_symmetric_in_size() -> None:
    """Diffing backwards reports the same number of changes, additions and removals swapped."""
    forward, backward = orr_diff("1.3.5", "1.3.6"), orr_diff("1.3.6", "1.3.5")
    assert len(forward.changes) == len(backward.changes)
    assert kinds(forward, "minor")["choice_added"] == kinds(backward, "major")["choice_removed"] == 58
