"""Nothing a lens author writes can command the CI or the terminal, whatever the command and format.

A lens whose folder name, lens name, question and choice titles hold GitHub workflow commands
(``::error``, ``::add-mask::``, ``::stop-commands::``, the legacy ``##[...]``), terminal escapes
(``ESC]0;`` window title, ``ESC[2J`` clear screen, the C1 CSI, a bidi override) and CR/LF goes
through every command that prints something about it, in every format.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from publisher.safetext import GuardedStream, clean, guard
from tests.publish.conftest import Sandbox, sandbox  # noqa: F401  (the fixture)

from .conftest import EXAMPLE, RunCli, hostile_lens

HOSTILE = ("\n::error file=README.md::owned\r\n::add-mask::walens\n  ::stop-commands::tok\n"
           "##[set-env name=X]y \x1b]0;pwned\x07\x1b[2J\x9b2J\u202e @team #123")
FORBIDDEN = ("\x1b", "\r", "\x07", "\x9b", "\u202e", "##[")


def assert_inert(output: str, *, commands: bool = False) -> None:
    """No terminal escape, no CR, and no line the runner would take as a workflow command.

    With ``commands``, walens's own ``::error file=...`` / ``::warning file=...`` lines are allowed.
    """
    for forbidden in FORBIDDEN:
        assert forbidden not in output, (forbidden, output)
    for line in output.split("\n"):
        if commands and re.match(r"::(error|warning) file=[^:\n]*,line=\d+,col=\d+,title=[^:\n]*::", line):
            continue
        assert not line.lstrip().startswith("::"), line  # the runner trims any white space first


def assert_escaped(output: str) -> None:
    """The hostile line breaks are shown, escaped, on the line that holds them."""
    assert "\\n::add-mask::walens" in output or "\\n\\u003a:add-mask" in output, output


def assert_safe_report(out: str, err: str, fmt: str) -> None:
    """Nothing commands the runner or the terminal; JSON parses, Markdown mentions nobody, text shows
    the escaped line breaks."""
    assert_inert(out)
    assert_inert(err)
    if fmt == "json":
        json.loads(out)
    elif fmt == "markdown":
        assert_no_mentions(out)
    else:
        assert_escaped(out)


@pytest.fixture
def hostile_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``lens_src/<hostile name>``: the example lens with hostile texts, in a folder with a hostile name."""
    lens = tmp_path / "lens_src" / ("ex" + HOSTILE.replace("/", "_"))
    shutil.copytree(EXAMPLE, lens)
    yaml = lens / "lens.yaml"
    yaml.write_text(yaml.read_text().replace("name: Example Data Governance Lens",
                                             "name: " + json.dumps("Lens" + HOSTILE)))
    question = lens / "governance" / "gov_ownership.md"
    question.write_text(question.read_text()
                        .replace("title: How do you know who owns each data store?",
                                 "title: " + json.dumps("Owner?" + HOSTILE))
                        .replace("title: A tag policy enforces the owner tag", "title: " + json.dumps("Pol" + HOSTILE)))
    monkeypatch.chdir(tmp_path)
    return lens


@pytest.fixture
def hostile_pair(tmp_path: Path) -> tuple[str, str]:
    """Two lens JSON files whose every text (and the second's titles) carry the hostile payload."""
    base = json.loads((Path(__file__).resolve().parents[2] / "build" / "example.json").read_text())
    head = json.loads(json.dumps(base))
    head["name"] = base["name"] = "Lens" + HOSTILE
    for pillar in head["pillars"]:
        for question in pillar["questions"]:
            question["title"] += HOSTILE
            for choice in question["choices"]:
                choice["title"] += HOSTILE
        pillar["questions"][0]["riskRules"][0]["condition"] += " " + HOSTILE.replace("\n", " ")
    paths = tmp_path / "old.json", tmp_path / "new.json"
    for path, doc in zip(paths, (base, head), strict=True):
        path.write_text(json.dumps(doc))
    return str(paths[0]), str(paths[1])


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_validate(hostile_dir: Path, run_cli: RunCli, fmt: str) -> None:
    code, out, err = run_cli("validate", "--format", fmt, str(hostile_dir))
    assert code == 1
    assert_inert(out, commands=fmt == "github")
    assert_inert(err)
    if fmt == "json":
        assert json.loads(out)["errors"] > 0
    elif fmt == "github":
        assert "%0A%3A%3Aadd-mask%3A%3Awalens" in out  # the runner's own escapes: data, not a command
    else:
        assert_escaped(out)


@pytest.mark.parametrize("check", [True, False])
def test_build(hostile_dir: Path, run_cli: RunCli, check: bool) -> None:
    args = ["build", "--out", "build", str(hostile_dir)] + (["--check"] if check else [])
    _, out, err = run_cli(*args)
    assert_inert(out)
    assert_inert(err)
    assert_escaped(out + err)


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_diff(hostile_pair: tuple[str, str], run_cli: RunCli, fmt: str) -> None:
    code, out, err = run_cli("diff", "--format", fmt, *hostile_pair)
    assert code == 0, err
    assert_safe_report(out, err, fmt)


@pytest.mark.parametrize("fmt", ["markdown", "text", "json"])
def test_review(hostile_pair: tuple[str, str], hostile_dir: Path, run_cli: RunCli, fmt: str) -> None:
    for head in (hostile_pair[1], str(hostile_dir)):  # compared, and not compared (source errors)
        _, out, err = run_cli("review", "--format", fmt, "--base", hostile_pair[0], "--head", head)
        assert_safe_report(out, err, fmt)


def test_explain_and_render(hostile_pair: tuple[str, str], run_cli: RunCli) -> None:
    doc = json.loads(Path(hostile_pair[1]).read_text())
    doc["pillars"][0]["questions"][0]["riskRules"][0]["condition"] = "default"
    Path(hostile_pair[1]).write_text(json.dumps(doc))
    question = doc["pillars"][0]["questions"][0]["id"]
    code, out, err = run_cli("explain", hostile_pair[1], question)
    assert code == 0, err
    assert_inert(out)
    assert_escaped(out)
    code, out, err = run_cli("render", "--format", "markdown", hostile_pair[1])
    assert code == 0, err
    assert_inert(out)
    assert_no_mentions(out)


def test_error_messages(run_cli: RunCli, tmp_path: Path) -> None:
    missing = tmp_path / ("gone" + HOSTILE.replace("/", "_"))
    for argv in (["validate", str(missing)], ["explain", str(missing), "q"], ["diff", str(missing), str(missing)]):
        _, out, err = run_cli(*argv)
        assert_inert(out + err)


def test_render_html_ids_never_collide_with_the_page(tmp_path: Path, run_cli: RunCli) -> None:
    lens = hostile_lens()
    lens["pillars"][0]["id"] = "risk-rules"  # type: ignore[index]
    path = tmp_path / "lens.json"
    path.write_text(json.dumps(lens))
    _, out, _ = run_cli("render", str(path))
    ids = re.findall(r'\bid="([^"]*)"', out)
    assert ids.count("risk-rules") == 1  # the page's own script data; the pillar's id is prefixed


def assert_no_mentions(markdown: str) -> None:
    """Outside code spans and blocks, ``@team`` and ``#123`` carry a zero-width break, so GitHub links neither."""
    prose = re.sub(r"`[^`\n]*`", "", re.sub(r"(?s)^(`{3,})\w*\n.*?\n\1$", "", markdown, flags=re.M))
    assert "@team" not in prose and "#123" not in prose
    assert "@&#8203;team" in prose and "#&#8203;123" in prose


def test_clean_and_guard_units() -> None:
    assert clean("a\nb\x1b[2Jc\u202e") == "a\\nb\\u001b[2Jc\\u202e"
    assert guard("ok\n  ::error::x\n::add-mask::y\nz ##[set-env]\n") == (
        "ok\n  \\u003a:error::x\n\\u003a:add-mask::y\nz \\u0023#[set-env]\n")
    assert guard("\u00a0\u3000::error::x") == "\u00a0\u3000\\u003a:error::x"  # .NET's TrimStart trims these too
    assert guard("\x1b[1;31mred\x1b[0m \x1b]0;t\x07") == "\x1b[1;31mred\x1b[0m \\u001b]0;t\\u0007"  # colours stay


def test_guarded_stream_sees_a_command_split_over_writes() -> None:
    class Sink(list[str]):
        def write(self, text: str) -> None:
            self.append(text)

        def flush(self) -> None:
            pass

    sink = Sink()
    stream = GuardedStream(sink)  # type: ignore[arg-type]
    for piece in (":", ":add-", "mask::x", "\nfine ", "#", "#[x]", "\n"):
        stream.write(piece)
        stream.flush()
    stream.drain()
    assert "".join(sink) == "\\u003a:add-mask::x\nfine \\u0023#[x]\n"


@pytest.mark.parametrize("sandbox", ["in-process"], indirect=True)
@pytest.mark.parametrize(("command", "target"), [("plan", "box"), ("status", "box" + HOSTILE)])
def test_plan_and_status(sandbox: Sandbox, hostile_dir: Path, run_cli: RunCli, command: str, target: str,  # noqa: F811
                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The hostile lens folder (its findings) through plan; a hostile target name through status."""
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                        "AWS_CONFIG_FILE": "none", "AWS_SHARED_CREDENTIALS_FILE": "none"}.items():
        monkeypatch.setenv(name, value)
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_DEFAULT_REGION", "AWS_REGION"):
        monkeypatch.delenv(name, raising=False)
    Path("walens.yaml").write_text(f"lens: {json.dumps(str(hostile_dir))}\ntargets:\n  - name: "
                                   f"{json.dumps(target)}\n    regions: [us-east-1]\n", encoding="utf-8")
    _, out, err = run_cli(command)
    assert_inert(out)
    assert_inert(err)
    assert_escaped(out + err)


def test_clean_defuses_a_command_at_its_start_and_guard_keeps_only_walens_colours() -> None:
    import click

    assert clean(" ::error::x") == " \\u003a:error::x" and clean("a ##[x]") == "a \\u0023#[x]"
    assert clean("\x1b[8mhidden\x00\x9b\u2066") == "\\u001b[8mhidden\\u0000\\u009b\\u2066"
    for hiding in ("\x1b[8m", "\x1b[30;40m", "\x1b[5m", "\x1b[7m", "\x1b[38;5;0m", "\x1b[1;8m"):
        assert guard(hiding + "x") == "\\u001b" + hiding[1:] + "x", hiding
    for colour in ("red", "green", "yellow"):
        styled = click.style("x", fg=colour, bold=True)
        assert guard(styled) == styled


@pytest.mark.parametrize(("value", "cell"), [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\uff1d1", "'\uff1d1"),
    ("\tx", "\\tx"), ("\r=1", "\\r=1"), ("a=1", "a=1"), ("", ""), (-3, -3), (7, 7),
])
def test_csv_cell_neutralises_formulas_and_keeps_numbers(value: str | int, cell: str | int) -> None:
    from publisher.safetext import csv_cell

    assert csv_cell(value) == cell
