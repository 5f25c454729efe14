"""Warnings for reviewers: changes that wipe answers, change meaning under a kept id, or raise risk."""

from __future__ import annotations

from difflib import SequenceMatcher

from publisher.diff.index import LensIndex
from publisher.diff.model import Change, RiskExample, RiskOutcome
from publisher.diff.risk import RISK_RANK

#: Below this difflib ratio a retitle under the same id reads as a different question or choice.
MEANING_CHANGE_RATIO = 0.5


def warnings_for(changes: list[Change], before: LensIndex, after: LensIndex) -> list[str]:
    """Answer-wiping questions first, then one warning per notable change, in document order."""
    warnings = _wiped_answers(before, after)
    for change in changes:
        message = _warning(change)
        if message:
            warnings.append(message)
        if change.outcome is not None and change.outcome.existing_less_risky:
            warnings.append(_lowered_bar(change.path, change.outcome))
    return warnings


def title_similarity(old: str, new: str) -> float:
    """difflib ratio of two titles, ignoring case."""
    return SequenceMatcher(None, old.casefold(), new.casefold()).ratio()


def describe_example(example: RiskExample) -> str:
    """E.g. ``selecting a and b was MEDIUM_RISK, now NO_RISK``."""
    return f"{example.describe()} was {example.before or 'no rule'}, now {example.after or 'no rule'}"


def _wiped_answers(before: LensIndex, after: LensIndex) -> list[str]:
    warnings = []
    for question in after.questions.values():
        old = before.questions.get(question.id)
        if old is None or not old.choices or old.choices.keys() & question.choices.keys():
            continue
        warnings.append(
            f"{question.pillar_id}/{question.id}: answers wiped: none of its {len(old.choices)} old choice ids "
            f"({', '.join(old.choices)}) exists any more, so every existing answer to it is lost on upgrade")
    return warnings


def _warning(change: Change) -> str | None:
    if change.kind in ("question_retitled", "choice_retitled"):
        return _meaning_change(change)
    if change.kind == "question_moved":
        return (f"{change.path}: question moved from pillar {change.before} to {change.after}; "
                "its answers now count toward another pillar")
    if change.kind == "lens_renamed":
        return ("the lens name changed: the service refuses an update whose name differs from the "
                "published name, so this cannot be published as a new version of the same lens")
    outcome = change.outcome
    if outcome is None:
        return None
    if not outcome.computed:
        return f"{change.path}: {outcome.note}; treated as major"
    if outcome.riskier:
        riskier = [e for e in outcome.examples if RISK_RANK.get(e.after, 0) > RISK_RANK.get(e.before, 0)]
        example = f", e.g. {describe_example(riskier[0])}" if riskier else ""
        return (f"{change.path}: {outcome.riskier} of {outcome.selections} possible answers become riskier "
                f"({outcome.existing_riskier} of them possible today){example}")
    return None


def _lowered_bar(path: str, outcome: RiskOutcome) -> str:
    """Answers held today that the new rules grade less risky, each named (up to the examples kept)."""
    named = "; ".join(describe_example(example) for example in outcome.lowered)
    more = outcome.existing_less_risky - len(outcome.lowered)
    return (f"{path}: the bar is lowered: {outcome.existing_less_risky} answer(s) possible today become less "
            f"risky: {named}" + (f"; and {more} more" if more > 0 else ""))


def _meaning_change(change: Change) -> str | None:
    if not isinstance(change.before, str) or not isinstance(change.after, str):
        return None
    ratio = title_similarity(change.before, change.after)
    if ratio >= MEANING_CHANGE_RATIO:
        return None
    what = change.kind.split("_")[0]
    return (f"{change.path}: the {what} keeps its id but its title changed meaning (similarity {ratio:.2f}): "
            f"{change.before!r} -> {change.after!r}; existing answers now claim the new wording; "
            "consider a new id or a major version")
