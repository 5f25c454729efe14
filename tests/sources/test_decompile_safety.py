"""decompile refuses ids that are unsafe as file names and never leaves a half-written folder behind."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from publisher.errors import InputError, UsageError
from publisher.lensjson import dumps
from publisher.sources import compile_lens, tree_writer
from publisher.sources.decompiler import decompile

from .conftest import REPO


def lens(pillar_ids: list[Any], question_ids: list[Any] | None = None) -> dict[str, Any]:
    questions = [{"id": qid, "title": "T", "choices": [{"id": "c_no", "title": "None of these"}],
                  "riskRules": [{"condition": "default", "risk": "HIGH_RISK"}]} for qid in question_ids or ["q_1"]]
    return {"schemaVersion": "2021-11-01", "name": "N", "description": "D",
            "pillars": [{"id": pid, "name": "P", "questions": questions} for pid in pillar_ids]}


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir())


@pytest.mark.parametrize("bad_id, why", [
    ("governance\n", "cannot be a file name"),
    ("../x", "cannot be a file name"),
    ("a/b", "cannot be a file name"),
    (".hidden", "cannot be a file name"),
    ("trailing.", "cannot be a file name"),
    ("", "cannot be a file name"),
    (None, "missing or not a string"),
    (7, "missing or not a string"),
    ("x" * 129, "129 characters long"),
    *((name, "reserved file name on Windows") for name in (
        "CON", "prn", "Aux", "nul", "COM1", "com9", "LPT1", "lpt9", "CON.backup", "nul.txt")),
])
def test_unsafe_pillar_ids_are_refused_at_their_pointer(tmp_path: Path, bad_id: Any, why: str) -> None:
    with pytest.raises(InputError, match=why) as caught:
        decompile(lens(["good", bad_id]), tmp_path / "src")
    assert caught.value.location == "/pillars/1/id"
    assert caught.value.message.startswith("/pillars/1/id: pillar id ")
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("doc, pointer, message", [
    ({"name": "no pillars"}, "/pillars", "no 'pillars' list"),
    ({"pillars": [{"id": "pil", "questions": "q_1"}]}, "/pillars/0/questions", "pillar 'pil' has no questions list"),
    ({"pillars": ["pil"]}, "/pillars/0/id", "pillar id None is missing or not a string"),
])
def test_documents_that_are_not_lenses_are_refused_at_their_pointer(tmp_path: Path, doc: dict[str, Any],
                                                                     pointer: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        decompile(doc, tmp_path / "src")
    assert caught.value.location == pointer
    assert leftovers(tmp_path) == []


def test_unsafe_question_ids_are_refused_at_their_pointer(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="reserved file name on Windows") as caught:
        decompile(lens(["good"], ["q_1", "AUX"]), tmp_path / "src")
    assert caught.value.location == "/pillars/0/questions/1/id"


@pytest.mark.parametrize("pillars, questions, pointer, clash", [
    (["abc", "ABC"], None, "/pillars/1/id", "pillar id 'abc' at /pillars/0/id"),
    (["lens.yaml"], None, "/pillars/0/id", "lens.yaml"),
    (["LENS.YAML"], None, "/pillars/0/id", "lens.yaml"),
    (["pil"], ["q_one", "Q_One"], "/pillars/0/questions/1/id", "question id 'q_one' at /pillars/0/questions/0/id"),
])
def test_names_that_clash_ignoring_case_are_refused(tmp_path: Path, pillars: list[str], questions: list[str] | None,
                                                   pointer: str, clash: str) -> None:
    with pytest.raises(InputError, match="clashes with") as caught:
        decompile(lens(pillars, questions), tmp_path / "src")
    assert caught.value.location == pointer
    assert clash in caught.value.message


@pytest.mark.parametrize("pillars, questions", [
    (["pillar", "lens", "CONSOLE", "COM10", "x" * 128], ["pillar", "lens", "a.b-c"]),
])
def test_names_close_to_reserved_ones_round_trip(tmp_path: Path, pillars: list[str], questions: list[str]) -> None:
    doc = lens(pillars, questions)
    decompile(doc, tmp_path / "src")
    assert (tmp_path / "src" / "pillar" / "pillar.md").is_file()
    assert dumps(compile_lens(tmp_path / "src").doc) == dumps(doc)


def test_a_non_empty_folder_is_refused_and_left_alone(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "keep.txt").write_text("mine")
    with pytest.raises(UsageError, match="not empty"):
        decompile(lens(["pil"]), tmp_path / "src")
    assert leftovers(tmp_path / "src") == ["keep.txt"]
    assert leftovers(tmp_path) == ["src"]


def test_a_file_in_the_way_is_refused(tmp_path: Path) -> None:
    (tmp_path / "src").write_text("a file")
    with pytest.raises(UsageError, match="is not a folder"):
        decompile(lens(["pil"]), tmp_path / "src")


def test_an_empty_folder_is_replaced(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    decompile(lens(["pil"]), tmp_path / "src")
    assert leftovers(tmp_path) == ["src"]
    assert leftovers(tmp_path / "src") == ["lens.yaml", "pil"]


def test_missing_parent_folders_are_created(tmp_path: Path) -> None:
    decompile(lens(["pil"]), tmp_path / "a" / "b" / "src")
    assert leftovers(tmp_path / "a" / "b") == ["src"]


@pytest.mark.parametrize("failure, raised", [(OSError(28, "No space left on device"), UsageError),
                                             (KeyboardInterrupt(), KeyboardInterrupt)])
def test_a_failure_mid_write_leaves_nothing_and_a_rerun_succeeds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 failure: BaseException,
                                                                 raised: type[BaseException]) -> None:
    real_write = tree_writer.write_file
    written: list[Path] = []

    def failing_write(path: Path, text: str) -> None:
        if len(written) == 2:
            raise failure
        real_write(path, text)
        written.append(path)

    monkeypatch.setattr(tree_writer, "write_file", failing_write)
    with pytest.raises(raised) as caught:
        decompile(lens(["pil", "other"]), tmp_path / "src")
    assert written and all(".src.walens-tmp-" in str(path) for path in written)
    assert leftovers(tmp_path) == []
    if raised is UsageError:
        assert str(caught.value) == f"{tmp_path / 'src'}: cannot write: No space left on device"
    monkeypatch.setattr(tree_writer, "write_file", real_write)
    report = decompile(lens(["pil", "other"]), tmp_path / "src")
    assert report.files == 5 and leftovers(tmp_path) == ["src"]


def test_cli_reports_a_bad_id_in_one_line_without_traceback(tmp_path: Path) -> None:
    source = tmp_path / "lens.json"
    source.write_text(dumps(lens(["pil", "governance\n"])))
    result = subprocess.run([sys.executable, "-m", "publisher.cli", "decompile", str(source), str(tmp_path / "src")],
                            capture_output=True, text=True, cwd=REPO, check=False)
    assert result.returncode == 2
    assert result.stderr.startswith("walens: error: /pillars/1/id: pillar id 'governance\\n' cannot be a file name")
    assert result.stderr.count("\n") == 1
    assert leftovers(tmp_path) == ["lens.json"]
