"""The risk truth table of one question, for people: ``walens explain``."""

from __future__ import annotations

import difflib
from typing import Any

from publisher.errors import Refused, UsageError
from publisher.findings import SourceMap
from publisher.safetext import clean
from publisher.validate.analysis import MAX_CHOICES, RiskAnalysis, analyse
from publisher.validate.checks.risk_analysis import format_selection
from publisher.validate.context import CheckContext, QuestionView

FULL_TABLE_MAX_CHOICES = 4
EXAMPLES_PER_OUTCOME = 5
CONDITION_COLUMN = 60


def find_question(doc: Any, question_id: str) -> QuestionView:
    """The question with ``question_id``; a UsageError names close ids when there is none."""
    questions = CheckContext(doc, SourceMap()).questions
    ids = [question.node.text("id") or "" for question in questions]
    for question, qid in zip(questions, ids, strict=True):
        if qid == question_id:
            return question
    close = difflib.get_close_matches(question_id, ids, n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise UsageError(f"no question with id {question_id!r} in this lens{hint}")


def explain(question: QuestionView, show_all: bool) -> str:
    """Choices, rules and the outcome of every selection (grouped by outcome when there are many)."""
    result = analyse(question)
    if result is None:
        raise Refused(
            f"question {question.node.text('id')!r} cannot be analysed: its rules must parse and it needs "
            f"1 to {MAX_CHOICES} choices with distinct ids (run 'walens validate' for details)")
    lines = [f"Question {clean(question.node.text('id') or '')}: {clean(question.node.text('title') or '')}", "",
             "Choices:"]
    width = max(len(clean(cid)) for cid in result.choice_ids)
    for index, choice in enumerate(question.choices):
        choice_id, title = clean(choice.text("id") or ""), clean(choice.text("title") or "")
        lines.append(f"  c{index + 1:<3} {choice_id:<{width}}  {title}")
    lines += ["", "Rules (the first that holds decides):"]
    conditions = [clean(rule.condition) for rule in question.rules]
    pad = min(max(len(condition) for condition in conditions), CONDITION_COLUMN)
    for index, (rule, condition) in enumerate(zip(question.rules, conditions, strict=True)):
        decided = result.decided[index].bit_count()
        lines.append(f"  {index + 1}. {clean(rule.risk):<11} {condition:<{pad}}   decides {decided} of "
                     f"{result.answered_count} selections")
    if result.undecided:
        lines.append(f"  -  {'no rule':<11} {'':<{pad}}   for {result.undecided.bit_count()} of "
                     f"{result.answered_count} selections")
    lines.append("")
    if show_all or len(result.choice_ids) <= FULL_TABLE_MAX_CHOICES:
        lines += _full_table(result)
    else:
        lines += _grouped(result)
    return "\n".join(lines) + "\n"


def _full_table(result: RiskAnalysis) -> list[str]:
    count = len(result.choice_ids)
    header = " ".join(f"c{index + 1:<3}" for index in range(count))
    lines = [f"{header} | risk (rule)"]
    for selection in range(1, 1 << count):
        marks = " ".join(("x" if selection >> bit & 1 else ".").ljust(4) for bit in range(count))
        outcome = result.outcome(selection)
        shown = "no rule" if outcome is None else f"{outcome[1]} ({outcome[0] + 1})"
        lines.append(f"{marks} | {shown}")
    return lines


def _grouped(result: RiskAnalysis) -> list[str]:
    lines = [f"Selections by outcome ({result.answered_count} in all; --all prints every one):"]
    groups = [(f"rule {index + 1} {risk}", hits) for index, (risk, hits)
              in enumerate(zip(result.risks, result.decided, strict=True))]
    groups.append(("no rule", result.undecided))
    for label, hits in groups:
        if not hits:
            continue
        lines.append(f"  {label}: {hits.bit_count()} selections, the smallest:")
        for selection in result.smallest(hits, EXAMPLES_PER_OUTCOME):
            lines.append(f"    {clean(format_selection(result.selection_ids(selection)))}")
    return lines
