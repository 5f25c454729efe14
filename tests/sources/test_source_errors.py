"""Every source-level problem becomes a finding with a code and a location, never an exception."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from publisher.sources import compile_lens

from .conftest import GOOD_QUESTION


def codes_at(root: Path) -> list[tuple[str, str, int]]:
    return [(f.code, Path(f.location.file).name, f.location.line) for f in compile_lens(root).findings]


def test_missing_lens_yaml(tmp_path: Path) -> None:
    assert codes_at(tmp_path) == [("E0902", "lens.yaml", 1)]


def test_yaml_syntax_error_in_front_matter(lens_factory) -> None:
    bad = GOOD_QUESTION.replace("title: Do you test things?", "title: [unclosed")
    assert codes_at(lens_factory({"q_one": bad}))[0][:2] == ("E0901", "q_one.md")


def test_wrong_type_and_unknown_key(lens_factory) -> None:
    bad = GOOD_QUESTION.replace("title: Do you test things?", "title: [1, 2]\nchoises: []")
    found = codes_at(lens_factory({"q_one": bad}))
    assert sorted(found) == [("E0903", "q_one.md", 2), ("E0903", "q_one.md", 3)]


def test_unquoted_version_is_a_type_error(lens_factory) -> None:
    root = lens_factory(lens_yaml="name: L\ndescription: D\nversion: 1.0\npillars: [pil]\n")
    findings = compile_lens(root).findings
    assert [(f.code, f.location.line) for f in findings] == [("E0903", 3)]
    assert "version" in findings[0].message


def test_missing_pillar_folder_points_at_lens_yaml(lens_factory) -> None:
    root = lens_factory(lens_yaml="name: L\ndescription: D\nversion: '1'\npillars:\n  - pil\n  - nope\n")
    assert codes_at(root) == [("E0902", "lens.yaml", 6)]


def test_listed_question_without_file_and_orphan_file(lens_factory) -> None:
    root = lens_factory(pillar_yaml="name: P\nquestions:\n  - q_one\n  - q_missing\n")
    (root / "pil" / "q_orphan.md").write_text(GOOD_QUESTION)
    assert sorted(codes_at(root)) == [("E0902", "pillar.yaml", 4), ("E0904", "q_orphan.md", 1)]


def test_question_listed_twice(lens_factory) -> None:
    root = lens_factory(pillar_yaml="name: P\nquestions: [q_one, q_one]\n")
    assert ("E0904", "pillar.yaml", 2) in codes_at(root)


def test_non_utf8_bytes_report_line_and_column(lens_factory) -> None:
    root = lens_factory()
    (root / "pil" / "q_one.md").write_bytes(GOOD_QUESTION.encode().replace(b"Option B", b"Option \xff"))
    finding = compile_lens(root).findings[0]
    assert (finding.code, finding.location.line, finding.location.column) == ("E0905", 7, 19)


def test_bom_is_a_warning_and_removed(lens_factory) -> None:
    root = lens_factory()
    path = root / "pil" / "q_one.md"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    compiled = compile_lens(root)
    assert [f.code for f in compiled.findings] == ["W0912"]
    assert not compiled.has_errors


def test_oversized_file(lens_factory) -> None:
    big = GOOD_QUESTION + "x" * (1024 * 1024)
    assert codes_at(lens_factory({"q_one": big})) == [("E0906", "q_one.md", 1)]


@pytest.mark.parametrize("yaml_text", [
    "name: &a L\ndescription: *a\nversion: '1'\npillars: [pil]\n",
    "name: L\ndescription: D\nversion: '1'\npillars: [pil]\nextra: " + "[" * 50 + "]" * 50 + "\n",
])
def test_anchors_aliases_and_deep_nesting_are_refused(lens_factory, yaml_text: str) -> None:
    assert codes_at(lens_factory(lens_yaml=yaml_text))[0][0] == "E0907"


def test_alias_bomb_is_refused_quickly(lens_factory) -> None:
    layers = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    layers += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    bomb = "name: L\ndescription: D\nversion: '1'\npillars: [pil]\nextra:\n" + "".join(f"  {x}\n" for x in layers)
    assert codes_at(lens_factory(lens_yaml=bomb))[0][0] == "E0907"


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlink_outside_the_lens_folder(lens_factory, tmp_path: Path) -> None:
    root = lens_factory()
    outside = tmp_path / "secret.md"
    outside.write_text(GOOD_QUESTION)
    target = root / "pil" / "q_one.md"
    target.unlink()
    target.symlink_to(outside)
    assert codes_at(root) == [("E0909", "q_one.md", 1)]


def test_unreadable_file(lens_factory) -> None:
    root = lens_factory()
    path = root / "pil" / "q_one.md"
    path.unlink()
    path.mkdir()  # a directory where a file should be: reading fails with an OS error
    assert codes_at(root)[0][0] == "E0905"


def test_body_section_for_unknown_choice_and_duplicate_section(lens_factory) -> None:
    bad = GOOD_QUESTION + "\n## q_zzz\n\nText.\n\n## q_b\n\nAgain.\n"
    found = codes_at(lens_factory({"q_one": bad}))
    assert ("E0908", "q_one.md", 38) in found  # second q_b section
    assert ("E0908", "q_one.md", 34) in found  # q_zzz names no choice


def test_front_matter_id_must_match_file_name(lens_factory) -> None:
    bad = GOOD_QUESTION.replace("title:", "id: other\ntitle:", 1)
    assert codes_at(lens_factory({"q_one": bad})) == [("E0911", "q_one.md", 2)]


def test_risk_and_risk_rules_together(lens_factory) -> None:
    bad = GOOD_QUESTION.replace("risk:\n", "riskRules: []\nrisk:\n")
    findings = compile_lens(lens_factory({"q_one": bad})).findings
    assert [f.code for f in findings] == ["E0903"] and "not both" in findings[0].message


def test_malformed_declarative_rule_is_reported_not_crashing(lens_factory) -> None:
    bad = GOOD_QUESTION.replace("NO_RISK: {all: [q_a, q_b]}", "NO_RISK: {all: 5}")
    compiled = compile_lens(lens_factory({"q_one": bad}))
    assert [f.code for f in compiled.findings] == ["E0903"]
    assert "riskRules" not in compiled.doc["pillars"][0]["questions"][0]


def test_missing_front_matter(lens_factory) -> None:
    assert codes_at(lens_factory({"q_one": "# just markdown\n"})) == [("E0903", "q_one.md", 1)]
