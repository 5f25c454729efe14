"""The validator never crashes, whatever shape the document has."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from publisher.findings import Finding
from tests.validate.lenses import findings_of, lens

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8)
    | st.sampled_from(["default", "enc_kms", "enc_no", "NO_RISK", "https://x.example", ""]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["id", "title", "condition", "risk", "url", "choices", "riskRules", "Url", "x"]),
        inner, max_size=3),
    max_leaves=8,
)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else []
    for key, child in children:
        found += _paths(child, (*path, key))
    return found


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_any_replaced_value_gives_findings_not_exceptions(data: st.DataObject) -> None:
    doc = lens()
    path = data.draw(st.sampled_from(_paths(doc)[1:]))
    target: Any = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = data.draw(json_values)
    findings = findings_of(doc)
    assert all(isinstance(f, Finding) and f.location.line >= 1 for f in findings)
