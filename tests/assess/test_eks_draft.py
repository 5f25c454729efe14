"""The draft EKS evidence rules (docs/assess-eks-evidence-draft.yaml) parse and read catalogued facts."""

from __future__ import annotations

from pathlib import Path

import yaml

from publisher.assess.condition import parse_condition
from publisher.assess.facts import CATALOGUE, SOURCES, source_of
from publisher.assess.rules import VERDICTS

DOCS = Path(__file__).resolve().parents[2] / "docs"
DRAFT = DOCS / "assess-eks-evidence-draft.yaml"


def test_every_draft_rule_is_well_formed() -> None:
    draft = yaml.safe_load(DRAFT.read_text())
    count = 0
    for question, choices in draft.items():
        for choice, rules in choices.items():
            for rule in rules:
                where = f"{question}/{choice}: {rule['when']}"
                assert set(rule) == {"source", "when", "verdict", "reason"}, where
                assert rule["source"] in SOURCES and rule["verdict"] in VERDICTS, where
                for path in parse_condition(rule["when"]).paths():
                    assert path in CATALOGUE and source_of(path) == rule["source"], where
                count += 1
    assert count >= 30


def test_every_fact_is_documented() -> None:
    text = (DOCS / "assess.md").read_text()
    assert [path for path in CATALOGUE if f"| `{path}` |" not in text] == []
