"""Declarative risk rules: references to never-not-applicable choices count a not-applicable mark as unselected."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from publisher.lensformat import ID_CHARACTERS
from publisher.sources.risk_shorthand import compile_risk


def _reference(condition: str, choice_ids: list[str], none_choice: str) -> str:
    """The rewrite as specified: each whole-word reference to a listed id, longest id first."""
    names = "|".join(re.escape(name) for name in sorted(choice_ids, key=len, reverse=True))
    return re.sub(rf"(?<![{ID_CHARACTERS}])({names})(?![{ID_CHARACTERS}])", rf"(\1 || {none_choice})", condition)


def test_only_whole_ids_are_rewritten() -> None:
    rules = compile_risk({"HIGH_RISK": {"any": ["q_a", "q_ab"]}, "MEDIUM_RISK": "x_q_a && q_a", "default": "NO_RISK"},
                         "q_none", ["q_a"])
    assert [rule["condition"] for rule in rules] == [
        "x_q_a && (q_a || q_none) && !q_none", "((q_a || q_none) || q_ab) && !q_none", "default"]


def test_ids_outside_the_id_characters_are_rewritten_as_well() -> None:
    rules = compile_risk({"HIGH_RISK": "a-b && c", "default": "NO_RISK"}, "q_none", ["a-b"])
    assert rules[0]["condition"] == "(a-b || q_none) && c && !q_none"


WORDS = st.sampled_from(["q_a", "q_ab", "a_q_a", "q_a2", "q_none", "x", "a-b", "a.b"])


@given(st.lists(st.tuples(WORDS, st.sampled_from([" && ", " || ", "(", ")", "!", ""])), max_size=8),
       st.lists(WORDS, min_size=1, max_size=3, unique=True))
def test_rewrite_matches_the_reference(parts: list[tuple[str, str]], listed: list[str]) -> None:
    condition = "".join(word + glue for word, glue in parts) or "q_a"
    rules = compile_risk({"HIGH_RISK": condition, "default": "NO_RISK"}, "q_none", listed)
    expected = _reference(condition.strip(), listed, "q_none")
    assert rules[0]["condition"] in (f"{expected} && !q_none", f"({expected}) && !q_none")
