"""Evidence-rule changes (``walens assess``): added, removed or changed per choice, with the rule text.

Evidence rules live only in the lens sources (the custom-lens JSON has no field for them), so they
are compared only when both sides are sources, and a change to them never changes the version
classification: the lens the service imports is the same.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from publisher.assess.rules import EvidenceRule, RuleSet

#: Said wherever evidence changes are shown, next to the classification.
NO_CLASSIFICATION = ("evidence rules are source-only (not in the lens JSON): changing them never changes the "
                     "version classification")
KINDS = {"evidence_added": "the choice gains evidence rules", "evidence_removed": "the choice loses its evidence rules",
         "evidence_changed": "the choice's evidence rules change"}


def marked_lines(old: list[str], new: list[str]) -> list[str]:
    """One line per item of either side, in order, marked as a unified diff marks lines (``-``, ``+``, two spaces)."""
    lines: list[str] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            lines += [f"  {item}" for item in old[i1:i2]]
            continue
        lines += [f"- {item}" for item in old[i1:i2]]
        lines += [f"+ {item}" for item in new[j1:j2]]
    return lines


def rule_text(rule: EvidenceRule) -> str:
    """``verdict: condition  # source: reason``, one line."""
    return f"{rule.verdict}: {rule.when}  # {rule.source}: {rule.reason}"


@dataclass(frozen=True)
class EvidenceChange:
    """The evidence rules of one choice, before and after, as rule texts."""

    kind: str
    path: str  # pillar/question/choices/choice/evidence
    before: tuple[str, ...]
    after: tuple[str, ...]

    def lines(self) -> list[str]:
        return marked_lines(list(self.before), list(self.after))

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "path": self.path, "before": list(self.before), "after": list(self.after)}


@dataclass(frozen=True)
class EvidenceDiff:
    """Every choice whose evidence rules differ; ``compared`` is False (with why) when a side is not sources."""

    compared: bool
    note: str = ""
    changes: tuple[EvidenceChange, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"compared": self.compared, "note": self.note, "classification": "unchanged",
                "changes": [change.to_json() for change in self.changes]}


def _question_paths(*docs: Any) -> dict[str, str]:
    """question id -> ``pillar/question`` over both documents (the newer side wins)."""
    paths: dict[str, str] = {}
    for doc in docs:
        for pillar in (doc or {}).get("pillars", []) if isinstance(doc, dict) else []:
            for question in pillar.get("questions", []) if isinstance(pillar, dict) else []:
                if isinstance(question, dict):
                    paths[str(question.get("id"))] = f"{pillar.get('id')}/{question.get('id')}"
    return paths


def _texts(rules: RuleSet) -> dict[tuple[str, str], tuple[str, ...]]:
    return {key: tuple(rule_text(rule) for rule in listed) for key, listed in rules.rules.items()}


def diff_evidence(old: RuleSet | None, new: RuleSet | None, old_doc: Any, new_doc: Any,
                  labels: Mapping[str, str]) -> EvidenceDiff:
    """Per choice, the rules added, removed or changed from ``old`` to ``new`` (None: that side is lens JSON).

    ``labels`` names each side ("old", "new") for the note when one cannot be compared.
    """
    missing = [labels[side] for side, rules in (("old", old), ("new", new)) if rules is None]
    if old is None or new is None:
        return EvidenceDiff(False, f"evidence rules not compared: {' and '.join(missing)} "
                                   f"{'is' if len(missing) == 1 else 'are'} not lens sources (lens JSON has none)")
    before, after = _texts(old), _texts(new)
    paths = _question_paths(old_doc, new_doc)
    changes = []
    for key in dict.fromkeys([*after, *before]):  # the new side's order, then the choices that lost every rule
        was, now = before.get(key, ()), after.get(key, ())
        if was == now:
            continue
        kind = "evidence_added" if not was else "evidence_removed" if not now else "evidence_changed"
        question, choice = key
        changes.append(EvidenceChange(kind, f"{paths.get(question, question)}/choices/{choice}/evidence", was, now))
    return EvidenceDiff(True, NO_CLASSIFICATION, tuple(changes))
