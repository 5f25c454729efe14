"""Properties: a lens diffed with itself is 'none'; any real mutation is never 'none'."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from publisher.diff import diff_lenses

Lens = dict[str, Any]
IDS = st.builds(str.__add__, st.sampled_from("abcdefgh"), st.text("abcdefgh0123_", min_size=2, max_size=8))
TEXTS = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=24)
RISKS = ("NO_RISK", "MEDIUM_RISK", "HIGH_RISK")


@st.composite
def conditions(draw: st.DrawFn, choice_ids: list[str]) -> str:
    terms = draw(st.lists(st.sampled_from(choice_ids), min_size=1, max_size=3))
    negated = [f"!{term}" if draw(st.booleans()) else term for term in terms]
    return draw(st.sampled_from((" && ", " || "))).join(negated)


@st.composite
def questions(draw: st.DrawFn, question_id: str) -> dict[str, Any]:
    choice_ids = draw(st.lists(IDS, min_size=1, max_size=4, unique=True))
    choices = []
    for choice_id in choice_ids:
        choice: dict[str, Any] = {"id": choice_id, "title": draw(TEXTS)}
        if draw(st.booleans()):
            choice["helpfulResource"] = {"displayText": draw(TEXTS), "url": f"https://example.com/{choice_id}"}
        choices.append(choice)
    levels = draw(st.lists(st.sampled_from(RISKS), min_size=0, max_size=2, unique=True))
    rules = [{"condition": draw(conditions(choice_ids)), "risk": level} for level in levels]
    rules.append({"condition": "default", "risk": draw(st.sampled_from(RISKS))})
    return {"id": question_id, "title": draw(TEXTS), "choices": choices, "riskRules": rules}


@st.composite
def lenses(draw: st.DrawFn) -> Lens:
    pillar_ids = draw(st.lists(IDS, min_size=1, max_size=3, unique=True))
    question_ids = draw(st.lists(IDS, min_size=len(pillar_ids), max_size=6, unique=True))
    pillars: list[dict[str, Any]] = [{"id": p, "name": draw(TEXTS), "questions": []} for p in pillar_ids]
    for position, question_id in enumerate(question_ids):
        pillars[position % len(pillars)]["questions"].append(draw(questions(question_id)))
    return {"schemaVersion": "2021-11-01", "name": draw(TEXTS), "description": draw(TEXTS), "pillars": pillars}


def all_questions(lens: Lens) -> list[dict[str, Any]]:
    return [q for p in lens["pillars"] for q in p["questions"]]


def retitle_question(lens: Lens, n: int) -> None:
    q = all_questions(lens)[n % len(all_questions(lens))]
    q["title"] += " (revised)"


def add_choice(lens: Lens, n: int) -> None:
    all_questions(lens)[n % len(all_questions(lens))]["choices"].append({"id": "added_choice_id", "title": "New"})


def remove_choice(lens: Lens, n: int) -> None:
    choices = all_questions(lens)[n % len(all_questions(lens))]["choices"]
    choices.pop(n % len(choices))


def remove_question(lens: Lens, n: int) -> None:
    pillar = next(p for p in lens["pillars"] if p["questions"])
    pillar["questions"].pop(n % len(pillar["questions"]))


def move_question(lens: Lens, n: int) -> None:
    assume(len(lens["pillars"]) > 1)
    source, target = lens["pillars"][0], lens["pillars"][1]
    target["questions"].insert(n % (len(target["questions"]) + 1), source["questions"].pop())


def reverse_pillars(lens: Lens, n: int) -> None:
    assume(len(lens["pillars"]) > 1)
    lens["pillars"].reverse()


def edit_url(lens: Lens, n: int) -> None:
    choice = all_questions(lens)[n % len(all_questions(lens))]["choices"][0]
    choice.setdefault("helpfulResource", {"displayText": "Help"})["url"] = "https://example.org/changed"


def change_default_risk(lens: Lens, n: int) -> None:
    rule = all_questions(lens)[n % len(all_questions(lens))]["riskRules"][-1]
    rule["risk"] = RISKS[(RISKS.index(rule["risk"]) + 1 + n % 2) % 3]


def edit_description(lens: Lens, n: int) -> None:
    lens["description"] += " More."


# mutation -> the classification it must produce (None: depends on the rules, but never 'none')
MUTATIONS: dict[Callable[[Lens, int], None], str | None] = {
    retitle_question: "minor",
    add_choice: "minor",
    remove_choice: "major",
    remove_question: "major",
    move_question: "major",
    reverse_pillars: "minor",
    edit_url: "minor",
    change_default_risk: None,
    edit_description: "minor",
}


@settings(max_examples=60, deadline=None)
@given(lenses())
def test_a_lens_diffed_with_itself_is_none(lens: Lens) -> None:
    original = copy.deepcopy(lens)
    result = diff_lenses(lens, lens)
    assert (result.classification, result.changes, result.warnings) == ("none", [], [])
    assert lens == original  # the inputs are never modified


@settings(max_examples=40, deadline=None)
@given(lenses(), st.integers(min_value=0, max_value=50))
def test_service_number_fields_never_make_a_difference(lens: Lens, start: int) -> None:
    numbered = copy.deepcopy(lens)
    for n, q in enumerate(all_questions(numbered), start):
        q["number"] = n
        for m, c in enumerate(q["choices"]):
            c["number"] = m
    assert diff_lenses(lens, numbered).classification == "none"


@settings(max_examples=100, deadline=None)
@given(lenses(), st.sampled_from(list(MUTATIONS)), st.integers(min_value=0, max_value=20))
def test_a_mutation_is_never_none(lens: Lens, mutation: Callable[[Lens, int], None], n: int) -> None:
    mutated = copy.deepcopy(lens)
    mutation(mutated, n)
    result = diff_lenses(lens, mutated)
    assert result.changes
    assert result.classification != "none"
    expected = MUTATIONS[mutation]
    if expected is not None:
        assert result.classification == expected, [c.to_json() for c in result.changes]
    json.dumps(result.to_json())  # the contract stays serialisable
