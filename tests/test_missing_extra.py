"""A base install (no ``sandbox`` extra, so no moto) answers sandbox commands with what to install."""

from __future__ import annotations

import sys

import pytest

from publisher.cli import main


@pytest.fixture
def without_moto(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``import moto`` (and every moto submodule) fail as on a base install, and forget the
    already imported sandbox so that the command imports it afresh; all restored afterwards."""
    for name in list(sys.modules):
        if name == "moto" or name.startswith("moto."):
            monkeypatch.setitem(sys.modules, name, None)
        elif name == "publisher.sandbox" or name.startswith("publisher.sandbox."):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "moto", None)


@pytest.mark.usefixtures("without_moto")
@pytest.mark.parametrize("argv", [["sandbox", "--port", "0"], ["demo"]], ids=lambda argv: argv[0])
def test_sandbox_commands_name_the_extra_to_install(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (f"walens: error: 'walens {argv[0]}' needs the sandbox extra: "
                            "pip install 'walens[sandbox]'\n")


@pytest.mark.usefixtures("without_moto")
def test_other_commands_do_not_need_the_extra(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["rules"])
    assert exited.value.code == 0
    assert "sandbox extra" not in capsys.readouterr().err
