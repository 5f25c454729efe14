"""Risk outcome of a rule change: which answers get a different risk, computed with bitset truth tables.

A selection is a set of ticked choices. Only the choices the rules mention matter, so selections are
enumerated over those (the *domain*); a domain selection with no choice ticked stands for answers that
tick only unmentioned choices, and exists only when such a choice exists. The empty answer itself is
never compared: the tool shows it as *Unanswered*, whatever the rules say.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from publisher import riskexpr
from publisher.diff.model import RiskExample, RiskOutcome
from publisher.lensformat import RISK_LEVELS

#: Largest domain compared exhaustively (2**24 selections as bitsets stay well under a second).
MAX_DOMAIN = 24
MAX_EXAMPLES = 5
#: Unanswered (None) ranks lowest, then each risk level by severity.
RISK_RANK: dict[str | None, int] = {None: 0, **{level: rank for rank, level in enumerate(RISK_LEVELS, start=1)}}


def compare_risk(old_rules: Any, new_rules: Any, old_choices: Sequence[str],
                 new_choices: Sequence[str]) -> RiskOutcome:
    """Compare the risk every possible answer gets under ``old_rules`` and ``new_rules``."""
    try:
        old_parsed = _parse_rules(old_rules)
        new_parsed = _parse_rules(new_rules)
    except ValueError as exc:
        return RiskOutcome(computed=False, note=f"risk rules cannot be evaluated: {exc}")
    mentioned = {choice for _, expr in (*old_parsed, *new_parsed) for choice in expr.choice_ids()}
    known = list(dict.fromkeys([*new_choices, *old_choices]))
    domain = [choice for choice in known if choice in mentioned]
    if len(domain) > MAX_DOMAIN:
        return RiskOutcome(computed=False, note=f"rules mention {len(domain)} choices; outcomes are compared "
                                                f"only up to {MAX_DOMAIN}")
    masks, full = riskexpr.choice_masks(domain)
    kept = set(old_choices) & set(new_choices)
    possible = _possible(full, known, domain)
    existing = _possible(full, kept, domain)
    removed = 0  # selections that tick a choice the new version drops: wiped on upgrade, never re-graded
    for choice in domain:
        if choice not in kept:
            existing &= ~masks[choice]
        if choice not in new_choices:
            removed |= masks[choice]
    old_by_risk = _selections_by_risk(old_parsed, domain)
    new_by_risk = _selections_by_risk(new_parsed, domain)
    changed = riskier = less_risky = 0
    for old_risk, old_hits in old_by_risk.items():
        for new_risk, new_hits in new_by_risk.items():
            if old_risk == new_risk:
                continue
            both = old_hits & new_hits & possible
            changed |= both
            if RISK_RANK.get(new_risk, 0) > RISK_RANK.get(old_risk, 0):
                riskier |= both
            else:
                less_risky |= both
    return RiskOutcome(
        computed=True,
        choice_ids=tuple(domain),
        selections=possible.bit_count(),
        changed=changed.bit_count(),
        existing_changed=(changed & existing).bit_count(),
        riskier=riskier.bit_count(),
        existing_riskier=(riskier & existing).bit_count(),
        examples=tuple(_examples((changed & existing & riskier, changed & existing, riskier & ~removed,
                                  changed & ~removed), domain, old_by_risk, new_by_risk)),
        existing_less_risky=(less_risky & existing).bit_count(),
        lowered=tuple(_examples((less_risky & existing,), domain, old_by_risk, new_by_risk)),
    )


def _parse_rules(rules: Any) -> list[tuple[str | None, riskexpr.Expr]]:
    if not isinstance(rules, list):
        raise ValueError("riskRules is not a list")
    parsed: list[tuple[str | None, riskexpr.Expr]] = []
    for position, rule in enumerate(rules):
        if not isinstance(rule, dict) or not isinstance(rule.get("condition"), str):
            raise ValueError(f"rule {position + 1} has no condition")
        risk = rule.get("risk")
        try:
            parsed.append((risk if isinstance(risk, str) else None, riskexpr.parse(rule["condition"])))
        except riskexpr.ConditionError as exc:
            raise ValueError(f"rule {position + 1} at {exc}") from exc
    return parsed


def _possible(full: int, choices: Sequence[str] | set[str], domain: Sequence[str]) -> int:
    """Selections that some real answer maps to: the empty one only via a choice outside the domain."""
    has_unmentioned = any(choice not in domain for choice in choices)
    return full if has_unmentioned else full & ~1


def _selections_by_risk(parsed: list[tuple[str | None, riskexpr.Expr]],
                        domain: Sequence[str]) -> dict[str | None, int]:
    decided, undecided = riskexpr.first_match_masks([expr for _, expr in parsed], domain)
    by_risk: dict[str | None, int] = {None: undecided}
    for (risk, _), hits in zip(parsed, decided, strict=True):
        by_risk[risk] = by_risk.get(risk, 0) | hits
    return by_risk


def _examples(groups: Sequence[int], domain: Sequence[str], old_by_risk: dict[str | None, int],
              new_by_risk: dict[str | None, int]) -> Iterator[RiskExample]:
    """Up to MAX_EXAMPLES changed selections, drawn from ``groups`` in order (smallest masks first).

    Groups run from "held today and riskier" to "any change", so the first examples are the ones a
    reviewer most needs to see, and a riskier example is shown whenever one exists.
    """
    shown: set[int] = set()
    for bits in groups:
        for selection in riskexpr.iter_bits(bits):
            if len(shown) == MAX_EXAMPLES:
                return
            if selection in shown:
                continue
            shown.add(selection)
            yield RiskExample(
                selected=tuple(choice for i, choice in enumerate(domain) if selection >> i & 1),
                before=_risk_at(old_by_risk, selection),
                after=_risk_at(new_by_risk, selection),
            )


def _risk_at(by_risk: dict[str | None, int], selection: int) -> str | None:
    return next((risk for risk, hits in by_risk.items() if hits >> selection & 1), None)
