"""Structural rules CONTRIBUTING.md states, checked on the source tree."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "publisher"
#: The command-line layer, the only modules that may choose an exit code: ``publisher/cli*.py``.
CLI_MODULES = frozenset(p.name for p in PACKAGE.glob("cli*.py"))
EXIT_CHOICE = re.compile(r"\bEXIT_[A-Z]+\b|\bsys\.exit\(|\bctx\.exit\(|click\.exceptions\.Exit\(")
DOMAIN_MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.relative_to(PACKAGE).as_posix() not in CLI_MODULES)


@pytest.mark.parametrize("module", DOMAIN_MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_domain_modules_never_choose_an_exit_code(module: Path) -> None:
    hits = [f"{n}: {line.strip()}" for n, line in enumerate(module.read_text(encoding="utf-8").splitlines(), 1)
            if EXIT_CHOICE.search(line)]
    assert not hits, "raise a domain error from publisher/errors.py instead:\n" + "\n".join(hits)


def test_every_command_lives_in_a_cli_module() -> None:
    from publisher.cli import COMMANDS

    assert {module.removeprefix("publisher.") + ".py" for module, _, _ in COMMANDS.values()} <= CLI_MODULES
