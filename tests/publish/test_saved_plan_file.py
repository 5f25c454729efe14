"""A saved plan file is untrusted input: every hostile file is one exit-2 line naming where, never a traceback.

``publish --plan`` reads the file before anything else (no config, no AWS), so these run without a sandbox.
"""

from __future__ import annotations

import copy
import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from publisher.findings import pointer_join
from publisher.publish.plan_file import MAX_PLAN_BYTES
from publisher.publish.saved_plan import read_plan
from tests.publish.conftest import walens

TARGET: dict[str, Any] = {
    "target": "prod", "region": "us-east-1", "account": "111111111111",
    "identity": {"account": "111111111111", "roleArn": "arn:aws:iam::111111111111:role/walens", "profile": None,
                 "endpointUrl": "https://wellarchitected.us-east-1.amazonaws.com", "region": "us-east-1"},
    "lens": "Example", "lensArn": None, "publishedVersion": None, "classification": "new", "version": "1.0",
    "isMajorVersion": True, "versionCount": 0, "versionCountExact": True,
    "actions": [{"kind": "create-lens", "detail": "create lens"},
                {"kind": "tag", "detail": "tag team=platform", "tags": {"team": "platform"}},
                {"kind": "share", "detail": "share with 222222222222", "principal": "222222222222"}],
    "notes": ["a note"], "errors": [], "refused": False,
    "observed": {"lensArn": None, "publishedVersion": None, "draft": False, "shares": ["222222222222:PENDING"],
                 "tags": {"team": "platform"}},
}
PLAN: dict[str, Any] = {
    "format": "walens-plan/2", "lens": "Example", "fingerprint": "0" * 64,
    "options": {"auto_bump": False, "force": False, "prune": False, "enable_org_sharing": False, "lens": True},
    "partial": True, "missing": [{"target": "prod", "region": "eu-west-1", "reason": "AccessDenied"}],
    "targets": [TARGET],
}


def leaves(value: Any, pointer: str = "") -> Iterator[tuple[str, Any]]:
    """Every (JSON pointer, value) below the top level, objects and arrays included."""
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for name, child in items:
        child_pointer = pointer_join(pointer, name)
        yield child_pointer, child
        yield from leaves(child, child_pointer)


def objects(value: Any) -> Iterator[str]:
    """The pointer of every object with a fixed set of keys (tag maps take any key)."""
    yield ""
    yield from (pointer for pointer, child in leaves(value)
                if isinstance(child, dict) and not pointer.endswith("/tags"))


def edited(pointer: str, new: Any = None, *, delete: bool = False) -> dict[str, Any]:
    """``PLAN`` with the value at ``pointer`` replaced by ``new`` (or deleted)."""
    doc = copy.deepcopy(PLAN)
    *parents, last = pointer.split("/")[1:]
    holder: Any = doc
    for part in parents:
        holder = holder[int(part) if isinstance(holder, list) else part]
    index: Any = int(last) if isinstance(holder, list) else last
    if delete:
        del holder[index]
    else:
        holder[index] = new
    return doc


def wrong_type(value: Any) -> Any:
    """A value of another JSON type than ``value`` that no key of the plan accepts in its place."""
    if isinstance(value, bool):
        return "no"
    if isinstance(value, str):
        return 5
    if isinstance(value, int):
        return "1"
    return [] if isinstance(value, dict) else {}


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def refused_with(folder: Path, capsys: pytest.CaptureFixture[str], content: str | bytes) -> str:
    """Write ``content`` as plan.json, run ``publish --plan``, assert exit 2 and one line; return it."""
    path = folder / "plan.json"
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    capsys.readouterr()
    assert walens("publish", "--plan", "plan.json") == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    return err


def test_the_valid_plan_of_these_tests_is_read(folder: Path) -> None:
    (folder / "plan.json").write_text(json.dumps(PLAN), encoding="utf-8")
    saved = read_plan(folder / "plan.json")
    assert saved.partial and saved.missing == {("prod", "eu-west-1"): "AccessDenied"}
    assert saved.options.lens and not saved.options.force and list(saved.targets) == [("prod", "us-east-1")]


@pytest.mark.parametrize(("pointer", "value"), list(leaves(PLAN)), ids=[p for p, _ in leaves(PLAN)])
def test_a_wrong_type_anywhere_names_its_key(folder: Path, capsys: pytest.CaptureFixture[str], pointer: str,
                                            value: Any) -> None:
    err = refused_with(folder, capsys, json.dumps(edited(pointer, wrong_type(value)), indent=1))
    assert f"plan.json:{_line_of(folder, pointer)}:" in err and f": {pointer}: " in err


def _line_of(folder: Path, pointer: str) -> int:
    """The line where the edited value at ``pointer`` starts, found by putting a marker there."""
    text = json.dumps(edited(pointer, "@@marker@@"), indent=1)
    return text[:text.index("@@marker@@")].count("\n") + 1


@pytest.mark.parametrize("pointer", list(objects(PLAN)))
def test_an_unknown_key_in_any_object_is_named(folder: Path, capsys: pytest.CaptureFixture[str], pointer: str) -> None:
    err = refused_with(folder, capsys, json.dumps(edited(f"{pointer}/surprise", 1)))
    assert f"{pointer}/surprise: unknown key" in err


@pytest.mark.parametrize("pointer", ["/lens", "/options/force", "/partial", "/targets/0/identity",
                                     "/targets/0/identity/endpointUrl", "/targets/0/observed/draft",
                                     "/targets/0/actions/0/kind", "/missing/0/reason"])
def test_a_missing_key_is_named(folder: Path, capsys: pytest.CaptureFixture[str], pointer: str) -> None:
    assert f"{pointer}: missing key" in refused_with(folder, capsys, json.dumps(edited(pointer, delete=True)))


def test_options_are_booleans_not_truthy_strings(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = refused_with(folder, capsys, json.dumps(edited("/options/force", "no")))
    assert "/options/force: expected a boolean, found a string" in err


@pytest.mark.parametrize(("value", "message"), [
    ("walens-plan/1", "/format: expected 'walens-plan/2', found 'walens-plan/1': make the plan again"),
    ("walens-plan/3", "found 'walens-plan/3'"),
    (2, "/format: expected 'walens-plan/2', found an integer"),
])
def test_another_format_version_is_refused(folder: Path, capsys: pytest.CaptureFixture[str], value: Any,
                                           message: str) -> None:
    assert message in refused_with(folder, capsys, json.dumps(edited("/format", value)))


@pytest.mark.parametrize(("content", "message"), [
    (json.dumps(PLAN, indent=1)[:400], "plan.json:"),
    ("[" * 10_000 + "]" * 10_000, "plan.json:1:201: not valid JSON: arrays and objects nested deeper than 200"),
    ('{"format": "walens-plan/2", "lens": ' + "{\"a\": " * 10_000 + "1" + "}" * 10_000 + "}", "nested deeper"),
    ("", "the file is empty"),
    ('{"format": "walens-plan/2", "lens": 1e999}', "too large for a number"),
    ('{"format": "walens-plan/2", "lens": NaN}', "NaN is not valid JSON"),
    ('{"format": "walens-plan/2", "format": "walens-plan/2"}', "plan.json:1:39: /format: the key appears twice"),
    ("[]", "plan.json is not a saved walens plan"),
    ('"walens-plan/2"', "plan.json is not a saved walens plan"),
    (b'{"format": "walens-plan/2", "lens": "\xff"}', "plan.json: byte offset 37 is not valid UTF-8"),
])
def test_malformed_files_are_one_line_errors(folder: Path, capsys: pytest.CaptureFixture[str],
                                             content: str | bytes, message: str) -> None:
    assert message in refused_with(folder, capsys, content)


def test_a_truncated_plan_names_where_it_ends(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = json.dumps(PLAN, indent=1)[:400]
    err = refused_with(folder, capsys, text)
    assert f"plan.json:{text.count(chr(10)) + 1}:" in err and "not valid JSON" in err


def test_a_file_over_the_size_cap_is_refused_unread(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = folder / "plan.json"
    with path.open("wb") as file:
        file.truncate(200 * 1024 * 1024)  # sparse: claims 200 MB, takes no disk
    capsys.readouterr()
    assert walens("publish", "--plan", "plan.json") == 2
    assert f"the file is 209,715,200 bytes; walens reads saved plans up to {MAX_PLAN_BYTES:,} bytes" in (
        capsys.readouterr().err)


def test_a_fifo_is_refused_without_opening_it(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = folder / "plan.json"
    os.mkfifo(fifo)  # opening it would wait for a writer forever: this one comes if walens ever opens it
    writer = threading.Thread(target=lambda: os.close(os.open(fifo, os.O_WRONLY)), daemon=True)
    writer.start()
    try:
        assert walens("publish", "--plan", "plan.json") == 2
        assert "plan.json: not a regular file" in capsys.readouterr().err
    finally:
        reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # lets the writer go, whenever it gets to open
        writer.join()
        os.close(reader)


def test_two_plans_for_one_target_are_refused(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doubled = {**PLAN, "targets": [TARGET, TARGET]}
    assert "/targets/1: a second plan for prod/us-east-1" in refused_with(folder, capsys, json.dumps(doubled))


def test_hostile_names_are_shown_escaped(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = refused_with(folder, capsys, json.dumps(edited("/options/\x1b]0;pwned\x07", True)))
    assert "\x1b" not in err and "/options/\\u001b]0;pwned\\u0007: unknown key" in err
