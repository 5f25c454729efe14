"""Each change kind of the id-keyed diff: what is reported, where, and how it is classified."""

from __future__ import annotations

import pytest

from publisher.cli_exit import exit_code_for
from publisher.diff import LensDiff, diff_lenses
from publisher.errors import WalensError

from .lensfactory import choice, edited, make_choice, make_lens, make_question, pillar, question


def summary(diff: LensDiff) -> list[tuple[str, str, str]]:
    return [(change.kind, change.path, change.impact) for change in diff.changes]


def test_identical_lenses_are_none() -> None:
    result = diff_lenses(make_lens(), make_lens())
    assert (result.classification, result.changes, result.warnings) == ("none", [], [])


def test_number_fields_and_key_order_are_ignored() -> None:
    old = make_lens()
    new = edited(old)
    for p in new["pillars"]:
        for n, q in enumerate(p["questions"]):
            q["number"] = n + 1
            for m, c in enumerate(q["choices"]):
                c["number"] = m + 1
    new["pillars"][0] = dict(reversed(list(new["pillars"][0].items())))
    assert diff_lenses(old, new).classification == "none"


def test_pillar_added_lists_its_questions_and_is_minor() -> None:
    old = make_lens()
    new = edited(old)
    new["pillars"].append({"id": "cost", "name": "Cost", "questions": [make_question("cost_q1")]})
    result = diff_lenses(old, new)
    assert summary(result) == [("pillar_added", "cost", "minor"), ("question_added", "cost/cost_q1", "minor")]
    assert result.changes[0].after == "Cost"
    assert result.classification == "minor"


def test_pillar_removed_is_major_and_lists_lost_questions() -> None:
    old = make_lens()
    new = edited(old)
    new["pillars"].pop(1)
    assert summary(diff_lenses(old, new)) == [
        ("pillar_removed", "sec", "major"),
        ("question_removed", "sec/sec_q1", "major"),
        ("question_removed", "sec/sec_q2", "major"),
    ]


def test_pillar_renamed_and_reordered_are_minor() -> None:
    old = make_lens()
    new = edited(old)
    pillar(new, "ops")["name"] = "Operational Excellence"
    new["pillars"].reverse()
    result = diff_lenses(old, new)
    assert summary(result) == [("pillars_reordered", "pillars", "minor"), ("pillar_renamed", "ops/name", "minor")]
    assert (result.changes[0].before, result.changes[0].after) == (["ops", "sec"], ["sec", "ops"])
    assert result.classification == "minor"


def test_question_added_removed_and_reid() -> None:
    old = make_lens()
    new = edited(old)
    pillar(new, "ops")["questions"].append(make_question("ops_q3"))
    assert summary(diff_lenses(old, new)) == [("question_added", "ops/ops_q3", "minor")]

    reid = edited(old)
    question(reid, "sec_q2")["id"] = "sec_q2_v2"
    result = diff_lenses(old, reid)
    assert summary(result) == [("question_added", "sec/sec_q2_v2", "minor"),
                               ("question_removed", "sec/sec_q2", "major")]
    assert result.classification == "major"


def test_question_moved_to_another_pillar_is_major() -> None:
    old = make_lens()
    new = edited(old)
    moved = pillar(new, "ops")["questions"].pop(0)
    pillar(new, "sec")["questions"].append(moved)
    result = diff_lenses(old, new)
    assert summary(result) == [("question_moved", "sec/ops_q1", "major")]
    assert (result.changes[0].before, result.changes[0].after) == ("ops", "sec")


def test_question_retitled_and_reordered_are_minor() -> None:
    old = make_lens()
    new = edited(old)
    question(new, "ops_q2")["title"] = "How do you handle ops q2 today?"
    pillar(new, "ops")["questions"].reverse()
    result = diff_lenses(old, new)
    assert summary(result) == [("questions_reordered", "ops", "minor"),
                               ("question_retitled", "ops/ops_q2/title", "minor")]
    assert result.changes[1].id == "ops_q2"


def test_choice_added_without_rule_change_is_minor() -> None:
    old = make_lens()
    new = edited(old)
    question(new, "ops_q1")["choices"].insert(2, make_choice("ops_q1_c"))
    result = diff_lenses(old, new)
    assert summary(result) == [("choice_added", "ops/ops_q1/choices/ops_q1_c", "minor")]
    assert result.changes[0].after == "Practice ops_q1_c is in place"


def test_choice_removed_or_reid_is_major() -> None:
    old = make_lens()
    new = edited(old)
    choice(new, "sec_q1", "sec_q1_b")["id"] = "sec_q1_b2"
    assert summary(diff_lenses(old, new)) == [
        ("choice_added", "sec/sec_q1/choices/sec_q1_b2", "minor"),
        ("choice_removed", "sec/sec_q1/choices/sec_q1_b", "major"),
    ]


def test_choice_moved_to_another_question_is_major() -> None:
    old = make_lens()
    new = edited(old)
    moved = question(new, "ops_q1")["choices"].pop(0)
    question(new, "sec_q2")["choices"].append(moved)
    result = diff_lenses(old, new)
    assert summary(result) == [("choice_moved", "sec/sec_q2/choices/ops_q1_a", "major")]
    assert (result.changes[0].before, result.changes[0].after) == ("ops/ops_q1", "sec/sec_q2")


def test_shared_choice_ids_are_not_taken_for_moves() -> None:
    """A 'none' id removed from two questions and added to one is a removal, not a move."""
    old = make_lens()
    for q in ("ops_q1", "ops_q2"):
        question(old, q)["choices"].append(make_choice("none_of_these"))
    new = edited(old)
    for q in ("ops_q1", "ops_q2"):
        question(new, q)["choices"].pop()
    question(new, "sec_q1")["choices"].append(make_choice("none_of_these"))
    kinds = [kind for kind, _, _ in summary(diff_lenses(old, new))]
    assert sorted(kinds) == ["choice_added", "choice_removed", "choice_removed"]


def test_choice_retitled_and_reordered_are_minor() -> None:
    old = make_lens()
    new = edited(old)
    choice(new, "ops_q1", "ops_q1_a")["title"] = "Practice ops_q1_a is fully in place"
    question(new, "ops_q1")["choices"].reverse()
    result = diff_lenses(old, new)
    assert summary(result) == [("choices_reordered", "ops/ops_q1", "minor"),
                               ("choice_retitled", "ops/ops_q1/choices/ops_q1_a/title", "minor")]


def test_text_and_url_edits_are_minor_and_addressed_by_id() -> None:
    old = make_lens()
    new = edited(old)
    new["description"] = "A better description."
    question(new, "sec_q1")["description"] = "New context."
    question(new, "sec_q1")["helpfulResource"] = {"displayText": "Read this", "url": "https://example.com/q"}
    choice(new, "sec_q1", "sec_q1_a")["improvementPlan"]["displayText"] = "Adopt it now"
    choice(new, "sec_q1", "sec_q1_b")["helpfulResource"]["url"] = "https://example.com/moved"
    result = diff_lenses(old, new)
    assert summary(result) == [
        ("text_changed", "description", "minor"),
        ("text_changed", "sec/sec_q1/description", "minor"),
        ("text_changed", "sec/sec_q1/helpfulResource/displayText", "minor"),
        ("url_changed", "sec/sec_q1/helpfulResource/url", "minor"),
        ("text_changed", "sec/sec_q1/choices/sec_q1_a/improvementPlan/displayText", "minor"),
        ("url_changed", "sec/sec_q1/choices/sec_q1_b/helpfulResource/url", "minor"),
    ]
    assert (result.changes[3].before, result.changes[3].after) == (None, "https://example.com/q")


def test_additional_resources_are_keyed_by_type() -> None:
    old = make_lens()
    choice(old, "ops_q2", "ops_q2_a")["additionalResources"] = [
        {"type": "HELPFUL_RESOURCE", "content": [{"displayText": "Guide", "url": "https://example.com/g"}]}]
    new = edited(old)
    resources = choice(new, "ops_q2", "ops_q2_a")["additionalResources"]
    resources.insert(0, {"type": "IMPROVEMENT_PLAN", "content": [{"displayText": "Steps"}]})
    resources[1]["content"][0]["url"] = "https://example.com/guide"
    assert summary(diff_lenses(old, new)) == [
        ("url_changed", "ops/ops_q2/choices/ops_q2_a/additionalResources/HELPFUL_RESOURCE/content/0/url", "minor"),
        ("text_changed",
         "ops/ops_q2/choices/ops_q2_a/additionalResources/IMPROVEMENT_PLAN/content/0/displayText", "minor"),
    ]


def test_lens_rename_and_unknown_fields() -> None:
    old = make_lens()
    new = edited(old)
    new["name"] = "Example Lens v2"
    choice(new, "ops_q1", "ops_q1_a")["helpfulResource"]["Url"] = "https://example.com/typo"
    assert summary(diff_lenses(old, new)) == [
        ("lens_renamed", "name", "minor"),
        ("field_changed", "ops/ops_q1/choices/ops_q1_a/helpfulResource/Url", "minor"),
    ]


def test_json_contract() -> None:
    old = make_lens()
    new = edited(old)
    question(new, "ops_q1")["choices"].pop(0)
    out = diff_lenses(old, new).to_json()
    assert set(out) == {"classification", "changes", "warnings"}
    assert out["classification"] == "major"
    assert out["changes"][0] == {"kind": "choice_removed", "path": "ops/ops_q1/choices/ops_q1_a",
                                 "id": "ops_q1_a", "before": "Practice ops_q1_a is in place", "after": None,
                                 "impact": "major"}


@pytest.mark.parametrize(("broken", "message"), [
    ([], "old lens: the lens must be a JSON object, not list"),
    ({"pillars": {}}, "'pillars' of the lens must be a list"),
    ({"pillars": [{"name": "x", "questions": []}]}, "pillars[0] has no string 'id'"),
    ({"pillars": [{"id": "p", "questions": [{"id": "q", "choices": []}, {"id": "q", "choices": []}]}]},
     "duplicate question id 'q' at pillars[0].questions[1]"),
    ({"pillars": [{"id": "p", "questions": [{"id": "q", "choices": ["x"]}]}]},
     "pillars[0].questions[0].choices[0] must be a JSON object"),
])
def test_broken_documents_are_user_errors(broken: object, message: str) -> None:
    with pytest.raises(WalensError) as caught:
        diff_lenses(broken, make_lens())
    assert message in caught.value.message
    assert exit_code_for(caught.value) == 2


def test_choice_moved_into_a_new_question_is_compared_with_its_old_self() -> None:
    """Splitting a question: the choice keeps its id in a new question and is reworded."""
    old = make_lens()
    new = edited(old)
    moved = question(new, "ops_q2")["choices"].pop(1)
    moved["title"] = "Practice ops_q2_b is in place for every team"
    split = make_question("ops_q3")
    split["choices"].append(moved)
    pillar(new, "ops")["questions"].append(split)
    assert summary(diff_lenses(old, new)) == [
        ("question_added", "ops/ops_q3", "minor"),
        ("choice_moved", "ops/ops_q3/choices/ops_q2_b", "major"),
        ("choice_retitled", "ops/ops_q3/choices/ops_q2_b/title", "minor"),
    ]


def test_additional_resources_with_a_repeated_type_fall_back_to_positions() -> None:
    old = make_lens()
    choice(old, "ops_q2", "ops_q2_a")["additionalResources"] = [
        {"type": "HELPFUL_RESOURCE", "content": [{"displayText": "One"}]},
        {"type": "HELPFUL_RESOURCE", "content": [{"displayText": "Two"}]}]
    new = edited(old)
    choice(new, "ops_q2", "ops_q2_a")["additionalResources"][1]["content"][0]["displayText"] = "Second"
    assert summary(diff_lenses(old, new)) == [
        ("text_changed", "ops/ops_q2/choices/ops_q2_a/additionalResources/#1/content/0/displayText", "minor")]


def test_a_lens_compared_with_an_empty_document_lists_every_field_as_added() -> None:
    """A brand-new lens (nothing published yet): the old side has no fields at all."""
    new = make_lens()
    result = diff_lenses({"pillars": []}, new)
    paths = {c.path for c in result.changes}
    assert {"name", "description", "schemaVersion", "ops", "ops/ops_q1", "sec/sec_q2"} <= paths
    assert all(c.path for c in result.changes)
    assert result.classification == "minor"
