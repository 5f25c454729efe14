"""The YAML subset of lens sources: JSON values only, refused constructs reported where they are."""

from __future__ import annotations

import pytest

from publisher.sources.problems import SourceError
from publisher.sources.yamlpos import load_yaml


@pytest.mark.parametrize(("text", "value"), [
    ("a: !!str 2024-01-01", "2024-01-01"),
    ("a: '2024-01-01'", "2024-01-01"),
    ("a: 9223372036854775807", 2**63 - 1),
    ("a: -9223372036854775808", -(2**63)),
    ("a: 1.5e+300", 1.5e300),
    ('a: "\\U0001F600"', "\U0001F600"),
])
def test_json_values_load(text: str, value: object) -> None:
    assert load_yaml(text, "f.yaml")[0] == {"a": value}


@pytest.mark.parametrize(("text", "code", "column"), [
    ("a: 9223372036854775808", "E0903", 4),
    ("a: -9223372036854775809", "E0903", 4),
    ("a: -.inf", "E0903", 4),
    ("<<: {b: 1}", "E0903", 1),
    ("a: =", "E0903", 4),
    ("a: !local x", "E0907", 4),
    ("a: !!int 1", "E0907", 4),
    ("a: \x7f", "E0901", 4),
])
def test_refused_values(text: str, code: str, column: int) -> None:
    with pytest.raises(SourceError) as refused:
        load_yaml(text, "f.yaml", line_offset=1)
    location = refused.value.finding.location
    assert (refused.value.finding.code, location.line, location.column) == (code, 2, column)

