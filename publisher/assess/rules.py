"""Evidence rules read from the lens sources (the ``evidence:`` list of a choice's front matter).

The custom-lens JSON has no field for them, so the compiler leaves them out of the document and
keeps each question's parsed front matter, from which this module reads them with the
``file:line:col`` of each rule.
``check`` lists what is wrong with a rule: an unknown source, a fact path outside the catalogue or
outside the rule's source, a condition that does not parse.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from publisher.assess.condition import ConditionSyntaxError, Node, parse_condition
from publisher.assess.facts import CATALOGUE, SOURCES, source_of
from publisher.findings import Location, pointer_join
from publisher.sources.question_file import FrontMatter
from publisher.sources.yamlpos import Positions

VERDICTS = ("satisfied", "violated", "unknown", "not_applicable")
EVIDENCE = "evidence"
#: The code of every problem with an evidence rule (``walens validate`` reports it as a finding).
RULE_PROBLEM = "E6001"


@dataclass(frozen=True)
class EvidenceRule:
    """One rule of one choice: when ``condition`` holds over the facts, the choice is ``verdict``."""

    question_id: str
    choice_id: str
    index: int
    source: str
    when: str
    condition: Node
    verdict: str
    reason: str
    location: Location


@dataclass(frozen=True)
class RuleProblem:
    message: str
    location: Location


@dataclass
class RuleSet:
    """The well-formed rules of a lens, by (question id, choice id), and the problems of the others."""

    rules: dict[tuple[str, str], list[EvidenceRule]]
    problems: list[RuleProblem]

    def of(self, question_id: str, choice_id: str) -> list[EvidenceRule]:
        return self.rules.get((question_id, choice_id), [])

    @property
    def questions(self) -> set[str]:
        return {question_id for question_id, _ in self.rules}

    def relabel(self, rename: Callable[[str], str]) -> RuleSet:
        """The same rules with every location's file passed through ``rename`` (a git revision's label)."""
        def moved(location: Location) -> Location:
            return replace(location, file=rename(location.file))

        return RuleSet({key: [replace(rule, location=moved(rule.location)) for rule in rules]
                        for key, rules in self.rules.items()},
                       [replace(problem, location=moved(problem.location)) for problem in self.problems])


def read_rules(front_matter: Mapping[str, FrontMatter]) -> RuleSet:
    """The evidence rules of a compiled lens, from the front matter of each question (by the question's
    JSON pointer) that the compiler parsed: the files are not read again."""
    result = RuleSet({}, [])
    for pointer, question in front_matter.items():
        _read_question(question, pointer, result)
    return result


def _read_question(question: FrontMatter, pointer: str, result: RuleSet) -> None:
    meta, positions = question.meta, question.positions
    if not isinstance(meta.get("choices"), list):
        return
    for c_index, choice in enumerate(meta["choices"]):
        if not isinstance(choice, dict) or not isinstance(choice.get("id"), str):
            continue
        rules = choice.get(EVIDENCE)
        for r_index, spec in enumerate(rules if isinstance(rules, list) else []):
            path = ("choices", c_index, EVIDENCE, r_index)
            at = pointer_join(pointer, "choices", c_index, EVIDENCE, r_index)
            line, column = positions.get(path, (1, 1))
            rule = _rule(spec, question.question_id, choice["id"], r_index,
                         Location(question.file, line, column, at), positions, path, result.problems)
            if rule is not None:
                result.rules.setdefault((question.question_id, choice["id"]), []).append(rule)


def _rule(spec: Any, question_id: str, choice_id: str, index: int, location: Location, positions: Positions,
          path: tuple[str | int, ...], problems: list[RuleProblem]) -> EvidenceRule | None:
    """The rule ``spec`` when it is well formed, else None with its problems appended."""
    def problem(message: str, key: str) -> None:
        line, column = positions.get((*path, key), (location.line, location.column))
        where = Location(location.file, line, column, pointer_join(location.pointer, key))
        problems.append(RuleProblem(f"choice {choice_id!r}, evidence rule {index + 1}: {message}", where))

    if not isinstance(spec, dict) or spec.get("verdict") not in VERDICTS or not all(
            isinstance(spec.get(key), str) for key in ("source", "when", "reason")):
        return None  # the schema check of the question file reports the shape
    source, when = spec["source"], spec["when"]
    before = len(problems)
    if source not in SOURCES:
        problem(f"unknown source {source!r}: use one of {', '.join(SOURCES)}", "source")
    try:
        condition = parse_condition(when)
    except ConditionSyntaxError as exc:
        problem(f"condition does not parse at its {exc}", "when")
        return None
    for fact in dict.fromkeys(condition.paths()):
        if fact not in CATALOGUE:
            problem(f"unknown fact {fact!r} (see docs/assess.md, fact catalogue)", "when")
        elif source in SOURCES and source_of(fact) != source:
            problem(f"fact {fact!r} is not collected by source {source!r}", "when")
    if len(problems) > before:
        return None
    return EvidenceRule(question_id, choice_id, index, source, when, condition, spec["verdict"], spec["reason"],
                        location)

