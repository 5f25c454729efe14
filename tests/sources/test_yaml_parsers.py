"""libyaml and PyYAML's pure-Python parser read lens sources alike.

``load_yaml`` parses with libyaml and falls back to the pure-Python parser for anything libyaml or
the checks refuse, so that every finding is worded and placed as before. These tests hold the two
paths to the same documents and positions on the shipped lenses, to the same outcome on generated
YAML, and to the same findings on every case of the bad-input corpus.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publisher.sources import yamlpos
from publisher.sources.problems import SourceError
from publisher.sources.question_file import split_front_matter
from publisher.sources.strict_yaml import CStrictLoader, StrictLoader
from tests.bad_inputs.test_bad_inputs import CASES, materialise, run_cli

REPO = Path(__file__).resolve().parents[2]
SOURCES = sorted(path for lens in ("eks", "example") for path in (REPO / "lens_src" / lens).rglob("*.*")
                 if path.suffix in (".yaml", ".md"))

needs_libyaml = pytest.mark.skipif(CStrictLoader is None, reason="PyYAML built without libyaml")


def _yaml_of(path: Path) -> tuple[str, int]:
    """The YAML text of a source file and the line offset ``load_yaml`` is given for it."""
    text = path.read_text(encoding="utf-8")
    return (text, 0) if path.suffix == ".yaml" else (split_front_matter(text, path.name)[0], 1)


def _outcome(text: str) -> Any:
    """What ``load_yaml`` gives: the document and positions, or the finding it raises."""
    try:
        return yamlpos.load_yaml(text, "f.yaml", line_offset=1)
    except SourceError as exc:
        return exc.finding


def test_shipped_lenses_have_sources() -> None:
    assert len(SOURCES) > 40


@needs_libyaml
@pytest.mark.parametrize("path", SOURCES, ids=[str(p.relative_to(REPO)) for p in SOURCES])
def test_shipped_sources_parse_alike(path: Path) -> None:
    text, offset = _yaml_of(path)
    assert not yamlpos._NOT_FOR_LIBYAML.search(text), "the fast path must read the shipped lenses"
    fast = yamlpos.compose(CStrictLoader(text), offset)  # type: ignore[misc]
    assert fast == yamlpos.compose(StrictLoader(text), offset)
    assert fast[1]  # positions recorded


FRAGMENTS = ("a", "b", "key", "é", "😀", " ", "  ", "    ", "\n", "\n  ", "\n- ", "- ", ": ", ":", "#", " # c",
             "'", '"', "''", "\\", "\\n", "\\u00e9", "\\ud800", "\\/", "\\x41", "|", "|-", "|+", "|2", ">", ">-",
             ">+", "[", "]", "{", "}", ",", ", ", "? ", "&x ", "*x", "!!str ", "!t ", "!", "---", "...", "%",
             "%YAML 1.1", "@", "`", "1", "-1.5", "0x1F", "1_000", "1e400", ".nan", "2024-01-01", "true", "null", "~",
             "<<", "=", "\t", "\r", "\x85", "\u2028", "\x07", "\ufeff", "a: b\n", "- a\n", "  - b\n",
             "k: |\n  text\n", "k: >\n  folded\n\n  more\n", "x:\n  y: 1\n", "\n\n", "  \n")


@needs_libyaml
@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join))
def test_generated_yaml_loads_alike(text: str) -> None:
    fast = _outcome(text)
    saved = yamlpos.CStrictLoader
    yamlpos.CStrictLoader = None
    try:
        assert fast == _outcome(text)
    finally:
        yamlpos.CStrictLoader = saved


@needs_libyaml
@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_bad_inputs_give_the_same_findings_without_libyaml(case: dict[str, Any], tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    _, args = materialise(case, tmp_path)
    fast = run_cli(args, capsys)
    monkeypatch.setattr(yamlpos, "CStrictLoader", None)
    assert run_cli(args, capsys) == fast
