"""Checks are discovered from the modules of ``publisher.validate.checks``, not listed by hand."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

import publisher.validate.checks
from publisher.cli import main
from publisher.validate.registry import CheckDefinitionError, all_checks, discover_checks
from tests.validate.lenses import findings_of, lens

EXTRA_CHECK = '''
from publisher.findings import Severity
from publisher.validate.registry import Check


class LensNameMentionsPizza(Check):
    code = "W9990"
    severity = Severity.WARNING
    description = "The lens name mentions pizza"
    source_url = "https://example.com/pizza"

    def match(self, doc, ctx):
        if "pizza" in str(doc.get("name", "")).lower():
            yield ctx.report(self, "/name", "no pizza in lens names")
'''


def _check_module(code: str, severity: str = "ERROR", class_name: str = "Extra", match: bool = True) -> str:
    body = "    def match(self, doc, ctx):\n        return iter(())\n" if match else "    pass\n"
    return textwrap.dedent(f'''
        from publisher.findings import Severity
        from publisher.validate.registry import Check


        class {class_name}(Check):
            code = "{code}"
            severity = Severity.{severity}
            description = "a check of this test"
            source_url = "https://example.com"

        ''') + body


@pytest.fixture
def fresh_discovery() -> Iterator[None]:
    """Forget the discovered checks before and after the test, so that changes to the package show."""
    all_checks.cache_clear()
    yield
    all_checks.cache_clear()


@pytest.fixture
def extra_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_discovery: None) -> Iterator[str]:
    """A new module ``pizza.py`` in the checks package (its ``__path__`` gains a folder that holds it)."""
    (tmp_path / "pizza.py").write_text(EXTRA_CHECK, encoding="utf-8")
    monkeypatch.setattr(publisher.validate.checks, "__path__", [*publisher.validate.checks.__path__, str(tmp_path)])
    yield "W9990"
    sys.modules.pop("publisher.validate.checks.pizza", None)


def _package(root: Path, name: str, modules: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> str:
    """A package ``name`` under ``root`` (put on ``sys.path``) holding ``modules`` (file name -> source)."""
    folder = root / name
    for relative, source in {"__init__.py": "", **modules}.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_text(source, encoding="utf-8")
    monkeypatch.syspath_prepend(str(root))
    for module in [module for module in sys.modules if module == name or module.startswith(f"{name}.")]:
        monkeypatch.delitem(sys.modules, module)
    return name


def test_the_shipped_checks_are_found_in_code_order() -> None:
    codes = [check.code for check in all_checks()]
    assert codes == sorted(codes) and len(codes) == len(set(codes))
    families = {type(check).__module__.rsplit(".", 1)[1] for check in all_checks()}
    assert families == {"evidence", "ids", "limits", "not_applicable", "resources", "risk_analysis", "risk_rules",
                        "structure", "text", "urls"}
    assert {"E1001", "W1005", "E2001", "E3001", "E3050", "E4001", "W4020", "E3030", "E3040"} <= set(codes)


def test_discovery_waits_until_checks_are_needed() -> None:
    """Importing the registry and ``walens --help`` import no check module."""
    code = ("import sys\nimport publisher.validate.registry\nfrom publisher.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith('publisher.validate.checks')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_base_classes_without_a_code_are_not_checks() -> None:
    names = {type(check).__name__ for check in all_checks()}
    assert not names & {"Check", "IdFormat", "UniqueIds", "TooManyItems", "SchemaCheck"}


def test_a_check_module_dropped_into_the_package_is_picked_up(extra_check: str,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert extra_check in [check.code for check in all_checks()]
    doc = {**lens(), "name": "Pizza lens"}
    assert [(finding.code, finding.location.pointer) for finding in findings_of(doc)] == [(extra_check, "/name")]

    with pytest.raises(SystemExit) as caught:
        main(["rules", "--format", "json"])
    listed = {entry["code"]: entry for entry in json.loads(capsys.readouterr().out)}
    assert caught.value.code == 0
    assert listed[extra_check]["description"] == "The lens name mentions pizza"
    assert listed[extra_check]["severity"] == "warning"


def test_checks_are_found_in_subpackages_but_not_where_they_are_only_imported(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _package(tmp_path, "elsewhere", {"outside.py": _check_module("E9003", class_name="Outside")}, monkeypatch)
    package = _package(tmp_path, "nestedchecks", {
        "first.py": _check_module("E9001"),
        "family/__init__.py": "",
        "family/second.py": _check_module("W9002", "WARNING"),
        "reuse.py": "from elsewhere.outside import Outside  # noqa: F401\n"
                    "from nestedchecks.first import Extra  # noqa: F401\n",
    }, monkeypatch)
    assert [check.code for check in discover_checks(package)] == ["E9001", "W9002"]


def test_a_duplicate_code_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = _package(tmp_path, "dupchecks", {
        "one.py": _check_module("E9001", class_name="First"),
        "two.py": _check_module("E9001", class_name="Second"),
    }, monkeypatch)
    with pytest.raises(CheckDefinitionError, match=r"duplicate check code E9001: dupchecks\.one\.First and "
                                                   r"dupchecks\.two\.Second"):
        discover_checks(package)


def test_a_duplicate_of_a_shipped_code_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  fresh_discovery: None) -> None:
    (tmp_path / "again.py").write_text(_check_module("E3001"), encoding="utf-8")
    monkeypatch.setattr(publisher.validate.checks, "__path__", [*publisher.validate.checks.__path__, str(tmp_path)])
    monkeypatch.delitem(sys.modules, "publisher.validate.checks.again", raising=False)
    try:
        with pytest.raises(CheckDefinitionError, match="duplicate check code E3001"):
            all_checks()
    finally:
        sys.modules.pop("publisher.validate.checks.again", None)


@pytest.mark.parametrize(("code", "severity", "match", "message"), [
    ("W9001", "ERROR", True, "a error code must start with E, not W9001"),
    ("E9001", "WARNING", True, "a warning code must start with W, not E9001"),
    ("E9001", "ERROR", False, r"\(E9001\) does not define match"),
])
def test_a_malformed_check_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: str, severity: str,
                                      match: bool, message: str) -> None:
    package = _package(tmp_path, "badchecks", {"bad.py": _check_module(code, severity, match=match)}, monkeypatch)
    with pytest.raises(CheckDefinitionError, match=message):
        discover_checks(package)

