"""Id-keyed semantic diff of two custom-lens documents.

Pillars, questions and choices are matched by id, never by list position: questions by their
lens-wide id (so a question that changes pillar is *moved*), choices by their id inside a question
(a choice id that leaves exactly one question and arrives in exactly one other is *moved*).
"""

from __future__ import annotations

import copy
from collections import defaultdict
from typing import Any

from publisher.diff.classify import RISK_RULES_CHANGED, impact_of
from publisher.diff.fields import TEXT_KEYS, field_deltas
from publisher.diff.index import ChoiceEntry, LensIndex, PillarEntry, QuestionEntry, index_lens
from publisher.diff.model import Change, LensDiff, RiskOutcome
from publisher.diff.notices import warnings_for
from publisher.diff.risk import compare_risk

ChoiceKey = tuple[str, str]  # (question id, choice id)


def diff_lenses(old: Any, new: Any, *, labels: tuple[str, str] = ("old lens", "new lens")) -> LensDiff:
    """Every difference between ``old`` and ``new`` (``number`` fields ignored), classified.

    ``labels`` name the two documents in the error raised for a document that cannot be diffed.
    """
    before = index_lens(old, labels[0])
    after = index_lens(new, labels[1])
    changes = _Comparer(before, after).run()
    return LensDiff(changes, warnings_for(changes, before, after))


def id_path(*parts: str) -> str:
    """A readable path such as ``security/sec_q1/choices/sec_q1_a/title``."""
    return "/".join(part for part in parts if part)


class _Comparer:
    def __init__(self, before: LensIndex, after: LensIndex) -> None:
        self.before = before
        self.after = after
        self.changes: list[Change] = []
        self.moved_in = _moved_choices(before, after)
        self.moved_out = {(source, choice_id) for (_, choice_id), source in self.moved_in.items()}

    def run(self) -> list[Change]:
        self.compare_fields("lens", "", None, self.before.fields, self.after.fields)
        self.compare_order("pillars_reordered", "pillars", None, list(self.before.pillars), list(self.after.pillars))
        for pillar in self.after.pillars.values():
            self.compare_pillar(pillar)
        for pillar in self.before.pillars.values():
            if pillar.id not in self.after.pillars:
                self.add("pillar_removed", pillar.id, pillar.id, pillar.fields.get("name"), None)
                self.report_removed_questions(pillar)
        return self.changes

    def add(self, kind: str, path: str, item_id: str | None, before: Any, after: Any,
            outcome: RiskOutcome | None = None) -> None:
        self.changes.append(Change(kind, path, item_id, before, after, impact_of(kind, outcome), outcome))

    def compare_pillar(self, pillar: PillarEntry) -> None:
        old = self.before.pillars.get(pillar.id)
        if old is None:
            self.add("pillar_added", pillar.id, pillar.id, None, pillar.fields.get("name"))
        else:
            self.compare_fields("pillar", pillar.id, pillar.id, old.fields, pillar.fields)
            self.compare_order("questions_reordered", pillar.id, pillar.id,
                               list(old.question_ids), list(pillar.question_ids))
        for question_id in pillar.question_ids:
            self.compare_question(self.after.questions[question_id])
        if old is not None:
            self.report_removed_questions(old)

    def report_removed_questions(self, old_pillar: PillarEntry) -> None:
        for question_id in old_pillar.question_ids:
            if question_id not in self.after.questions:
                title = self.before.questions[question_id].fields.get("title")
                self.add("question_removed", id_path(old_pillar.id, question_id), question_id, title, None)

    def compare_question(self, question: QuestionEntry) -> None:
        path = id_path(question.pillar_id, question.id)
        old = self.before.questions.get(question.id)
        if old is None:
            self.add("question_added", path, question.id, None, question.fields.get("title"))
            for choice in question.choices.values():
                if (question.id, choice.id) in self.moved_in:
                    self.compare_choice(choice, None, path)
            return
        if old.pillar_id != question.pillar_id:
            self.add("question_moved", path, question.id, old.pillar_id, question.pillar_id)
        self.compare_fields("question", path, question.id, old.fields, question.fields)
        self.compare_order("choices_reordered", path, question.id, list(old.choices), list(question.choices))
        for choice in question.choices.values():
            self.compare_choice(choice, old, path)
        for choice_id, choice in old.choices.items():
            if choice_id not in question.choices and (old.id, choice_id) not in self.moved_out:
                self.add("choice_removed", id_path(path, "choices", choice_id), choice_id,
                         choice.fields.get("title"), None)
        if old.rules != question.rules:
            outcome = compare_risk(old.rules, question.rules, list(old.choices), list(question.choices))
            self.add(RISK_RULES_CHANGED, id_path(path, "riskRules"), question.id, copy.deepcopy(old.rules),
                     copy.deepcopy(question.rules), outcome)

    def compare_choice(self, choice: ChoiceEntry, old_question: QuestionEntry | None, question_path: str) -> None:
        path = id_path(question_path, "choices", choice.id)
        source = self.moved_in.get((choice.question_id, choice.id))
        if source is not None:
            old_question = self.before.questions[source]
            old_path = id_path(old_question.pillar_id, old_question.id)
            self.add("choice_moved", path, choice.id, old_path, question_path)
        old = old_question.choices.get(choice.id) if old_question is not None else None
        if old is None:
            self.add("choice_added", path, choice.id, None, choice.fields.get("title"))
        else:
            self.compare_fields("choice", path, choice.id, old.fields, choice.fields)

    def compare_fields(self, level: str, path: str, item_id: str | None, old: dict[str, Any],
                       new: dict[str, Any]) -> None:
        for delta in field_deltas(old, new):
            self.add(_field_kind(level, delta.path), id_path(path, *delta.path), item_id, delta.before,
                     delta.after)

    def compare_order(self, kind: str, path: str, item_id: str | None, old_ids: list[str],
                      new_ids: list[str]) -> None:
        """One change when the items present on both sides appear in another relative order."""
        old_set, new_set = set(old_ids), set(new_ids)
        old_kept = [i for i in old_ids if i in new_set]
        new_kept = [i for i in new_ids if i in old_set]
        if old_kept != new_kept:
            self.add(kind, path, item_id, old_kept, new_kept)


def _field_kind(level: str, path: tuple[str, ...]) -> str:
    if path == ("title",) and level in ("question", "choice"):
        return f"{level}_retitled"
    if path == ("name",) and level in ("lens", "pillar"):
        return f"{level}_renamed"
    if path[-1] == "url":
        return "url_changed"
    return "text_changed" if path[-1] in TEXT_KEYS else "field_changed"


def _moved_choices(before: LensIndex, after: LensIndex) -> dict[ChoiceKey, str]:
    """(new question id, choice id) -> old question id, for choice ids that left exactly one kept
    question and arrived in exactly one other question."""
    left: dict[str, list[str]] = defaultdict(list)
    for question_id, old in before.questions.items():
        new = after.questions.get(question_id)
        if new is not None:
            for choice_id in old.choices.keys() - new.choices.keys():
                left[choice_id].append(question_id)
    arrived: dict[str, list[str]] = defaultdict(list)
    for question_id, new in after.questions.items():
        old_question = before.questions.get(question_id)
        old_choices = old_question.choices.keys() if old_question is not None else set()
        for choice_id in new.choices.keys() - old_choices:
            arrived[choice_id].append(question_id)
    return {(targets[0], choice_id): left[choice_id][0]
            for choice_id, targets in arrived.items()
            if len(targets) == 1 and len(left.get(choice_id, ())) == 1}
