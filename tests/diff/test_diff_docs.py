"""docs/diff-classification.md documents exactly the change kinds and impacts the code uses."""

from __future__ import annotations

import re
from pathlib import Path

from publisher.diff.classify import KINDS

DOC = Path(__file__).resolve().parents[2] / "docs" / "diff-classification.md"
ROW = re.compile(r"^\| `(?P<kind>[a-z_]+)` \| (?P<impact>major|minor) \|", re.MULTILINE)


def test_documented_table_matches_the_code() -> None:
    text = DOC.read_text(encoding="utf-8")
    table = text.split("## The classification table", 1)[1].split("\n## ", 1)[0]
    documented = {match["kind"]: match["impact"] for match in ROW.finditer(table)}
    assert documented == {kind: impact for kind, (impact, _) in KINDS.items()}
