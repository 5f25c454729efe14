"""decompile -> build is the identity on real lenses (after canonicalisation)."""

from __future__ import annotations

from pathlib import Path

import pytest

from publisher.cli_exit import exit_code_for
from publisher.errors import WalensError
from publisher.lensjson import canonical_text
from publisher.loader import load_path
from publisher.sources import compile_lens
from publisher.sources.decompiler import decompile
from tests.corpus import CORPUS, corpus_names

CORPUS_FILES = [CORPUS / name for name in corpus_names()]
INVALID_JSON = {"custom-lens-emr-spark-v1.0.json"}


def load(path: Path) -> object:
    return load_path(path).document()


def test_corpus_is_present() -> None:
    assert len(CORPUS_FILES) >= 25, f"expected the real-lens corpus at {CORPUS}"


@pytest.mark.parametrize("path", [p for p in CORPUS_FILES if p.name not in INVALID_JSON], ids=lambda p: p.name)
def test_real_lens_round_trips(path: Path, tmp_path: Path) -> None:
    doc = load(path)
    report = decompile(doc, tmp_path / "src")
    compiled = compile_lens(tmp_path / "src")
    assert canonical_text(compiled.doc) == canonical_text(doc)
    assert report.files >= 3
    if isinstance(doc, dict) and "_version" in doc:
        assert "lens._version" in report.kept_extra_keys


def test_invalid_json_is_reported_with_position() -> None:
    path = next(p for p in CORPUS_FILES if p.name in INVALID_JSON)
    with pytest.raises(WalensError) as caught:
        load(path)
    assert "NaN" in caught.value.message and exit_code_for(caught.value) == 2


def test_number_fields_are_dropped_and_counted(tmp_path: Path) -> None:
    doc = {"schemaVersion": "2021-11-01", "name": "N", "description": "D", "pillars": [
        {"id": "pil", "name": "P", "questions": [
            {"id": "q1", "number": 1, "title": "T", "choices": [
                {"id": "c_1", "number": 1, "title": "C", "improvementPlan": {"displayText": "x"}}],
             "riskRules": [{"condition": "default", "risk": "HIGH_RISK"}]}]}]}
    report = decompile(doc, tmp_path / "src")
    assert report.dropped_service_keys == 2
    assert canonical_text(compile_lens(tmp_path / "src").doc) == canonical_text(doc)


def test_texts_markdown_cannot_express_stay_verbatim(tmp_path: Path) -> None:
    doc = {"schemaVersion": "2021-11-01", "name": "N", "description": "D", "pillars": [
        {"id": "pil", "name": "P", "questions": [
            {"id": "q1", "title": "T", "description": "  leading spaces", "choices": [
                {"id": "c_1", "title": "C", "helpfulResource": {"displayText": "ends with space "},
                 "improvementPlan": {"displayText": "*literal stars* and <b>", "url": "https://x.test/a b"}}]}]}]}
    report = decompile(doc, tmp_path / "src")
    assert report.verbatim_texts == 3
    assert canonical_text(compile_lens(tmp_path / "src").doc) == canonical_text(doc)


@pytest.mark.parametrize("doc, message", [
    ({"pillars": [{"id": "../x", "questions": []}]}, "file name"),
    ({"pillars": [{"id": "abc", "questions": []}, {"id": "ABC", "questions": []}]}, "twice"),
    ({"name": "no pillars"}, "no 'pillars'"),
])
def test_unsafe_ids_are_refused(tmp_path: Path, doc: dict, message: str) -> None:
    with pytest.raises(WalensError, match=message):
        decompile(doc, tmp_path / "src")


def test_refuses_to_write_into_a_non_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "keep.txt").write_text("mine")
    with pytest.raises(WalensError, match="not empty"):
        decompile({"pillars": []}, tmp_path / "src")
