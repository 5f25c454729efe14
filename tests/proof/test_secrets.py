"""Credential hygiene and safe YAML.

With distinctive fake credentials and a session token in the environment, every walens command runs
against the HTTP sandbox (successes, failures, ``--format json``), in process through the CLI's entry
point, and a few (``--help``, a failing publish, the demo, the sandbox server with its access log) as
whole processes. None of the secret
strings may appear in stdout, stderr (where any warning log goes), any file walens wrote (backups,
builds, reports, the step summary) or the sandbox's call log. And every YAML load in the package goes
through a safe loader.
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import inspect
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml

from publisher.sandbox.harness import Sandbox

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "publisher"
ACCESS_KEY = "AKIAWALENSCANARY7Q3Z"
SECRET_KEY = "walens/Canary+Secret/Zx9qLsT3vW8yB2nM4kJ6hG1f"
SESSION_TOKEN = "FwoGZXIvYXdzEWalensCanarySessionToken/Q9w+E8r7T6y5U4i3O2p1"
SECRETS = (ACCESS_KEY, SECRET_KEY, SESSION_TOKEN)


@dataclass(frozen=True)
class Command:
    args: tuple[str, ...]
    exit_codes: frozenset[int] = frozenset({0})


@dataclass(frozen=True)
class Outcome:
    command: Command
    returncode: int
    stdout: str
    stderr: str


def leaks(text: str) -> list[str]:
    """The secrets (raw or URL-encoded) that occur in ``text``."""
    return [secret for secret in SECRETS if secret in text or quote(secret, safe="") in text]


def environment(home: Path) -> dict[str, str]:
    """The caller's environment without any AWS setting, plus the canary credentials."""
    env = {name: value for name, value in os.environ.items() if not name.startswith(("AWS_", "WALENS_"))}
    env.update(AWS_ACCESS_KEY_ID=ACCESS_KEY, AWS_SECRET_ACCESS_KEY=SECRET_KEY, AWS_SESSION_TOKEN=SESSION_TOKEN,
               AWS_DEFAULT_REGION="us-east-1", AWS_CONFIG_FILE=os.devnull, AWS_SHARED_CREDENTIALS_FILE=os.devnull,
               HOME=str(home), GITHUB_STEP_SUMMARY=str(home / "step-summary.md"), PYTHONDONTWRITEBYTECODE="1")
    return env


def run_process(command: Command, cwd: Path, env: dict[str, str]) -> Outcome:
    done = subprocess.run([sys.executable, "-m", "publisher.cli", *command.args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=180)
    return Outcome(command, done.returncode, done.stdout, done.stderr)


def run_sandbox_server(env: dict[str, str]) -> Outcome:
    """``walens sandbox --access-log``: serve one request signed with the canaries, then stop it with Ctrl-C."""
    import boto3

    command = Command(("sandbox", "--port", "0", "--access-log"), frozenset({0, 130}))
    server = subprocess.Popen([sys.executable, "-m", "publisher.cli", *command.args], env=env, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        banner = server.stdout.readline() if server.stdout else ""
        endpoint = banner.rsplit(" ", 1)[-1].strip()
        session = boto3.Session(aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY,
                                aws_session_token=SESSION_TOKEN, region_name="us-east-1")  # one per thread
        session.client("wellarchitected", endpoint_url=endpoint).list_lenses()
    finally:
        server.send_signal(signal.SIGINT)
        out, err = server.communicate(timeout=60)
    assert "GET /lenses" in err  # the access log saw the request
    return Outcome(command, server.returncode, banner + out, err)


def run_in_process(command: Command) -> Outcome:
    """``walens ARGS`` through the CLI's entry point, capturing what it prints."""
    from publisher.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(list(command.args))
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
    return Outcome(command, code, out.getvalue(), err.getvalue())


def bump(lens: Path, version: str) -> None:
    """Declare ``version`` and reword one question title (a minor change)."""
    lens_yaml = lens / "lens.yaml"
    lens_yaml.write_text(re.sub(r'version: "[^"]+"', f'version: "{version}"', lens_yaml.read_text()))
    question = lens / "governance" / "gov_ownership.md"
    question.write_text(question.read_text().replace("each data store", f"each data store (v{version})"))


@pytest.fixture
def project(tmp_path: Path, sandbox_http: Sandbox) -> Path:
    root = tmp_path / "project"
    shutil.copytree(REPO / "lens_src" / "example", root / "lens")
    shutil.copytree(REPO / "lens_src" / "example", root / "lens-before")
    broken = root / "broken"
    shutil.copytree(REPO / "lens_src" / "example", broken)
    (broken / "lens.yaml").write_text("name: [unclosed\n")
    (root / "walens.yaml").write_text(
        f"lens: lens\nshares:\n  accounts: ['222222222222']\n"
        f"targets:\n  - name: sandbox\n    endpointUrl: {sandbox_http.endpoint}\n    regions: [us-east-1]\n")
    (root / "bad.yaml").write_text("targets: {name: [\n")
    (tmp_path / "home").mkdir()
    return root


def process_commands() -> list[Command]:
    """Whole processes, run in the background: help, a failing publish, the demo."""
    return [Command(("--help",)), Command(("publish", "--config", "bad.yaml"), frozenset({2})),
            Command(("demo", "--root", str(REPO)))]


def offline_commands() -> list[Command]:
    """Commands that make no AWS call."""
    failed, usage = frozenset({1}), frozenset({2})
    return [
        Command(("--version",)), Command(("build", "lens", "--out", "out")),
        Command(("decompile", "out/lens.json", "dec")), Command(("validate", "lens")),
        Command(("validate", "lens", "--format", "json")), Command(("validate", "broken"), failed),
        Command(("explain", "lens", "gov_ownership")), Command(("rules",)),
        Command(("diff", "lens-before", "lens", "--format", "json")),
        Command(("render", "lens", "--out", "page.html")), Command(("render", "lens", "--format", "markdown")),
        Command(("iam-policy",)), Command(("review", "--base", "lens-before", "--head", "lens", "--out", "r.md")),
        Command(("plan", "--config", "missing.yaml"), usage),
    ]


def sandbox_commands() -> list[tuple[Command, str | None]]:
    """Commands against the sandbox, in order; the second item is a version to bump the lens to first."""
    failed = frozenset({1})
    return [
        (Command(("plan",)), None), (Command(("publish", "--format", "json")), None),
        (Command(("status", "--format", "json")), None), (Command(("publish",)), "1.1"),
        (Command(("rollback", "--to", "1.0")), None), (Command(("rollback", "--to", "9.9"), failed), None),
        (Command(("share", "--prune", "--format", "json")), None),
        (Command(("review", "--base", "lens-before", "--head", "lens", "--plan", "--config", "walens.yaml",
                  "--format", "json"), frozenset({0, 1})), None),
        (Command(("diff", "published", "lens")), None),
        (Command(("publish", "--profile", "no-such-profile"), frozenset({1, 2})), None),
        (Command(("publish", "--format", "json"), failed), "0.5"),  # version goes backwards: refused
    ]


def written_files(root: Path) -> list[Path]:
    return [path for path in sorted(root.rglob("*")) if path.is_file()]


@pytest.mark.http
@pytest.mark.slow
def test_no_command_prints_or_writes_the_credentials(project: Path, sandbox_http: Sandbox,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    env = environment(project.parent / "home")
    for name, value in env.items():
        if name.startswith("AWS_") or name in ("HOME", "GITHUB_STEP_SUMMARY"):
            monkeypatch.setenv(name, value)
    monkeypatch.chdir(project)
    with ThreadPoolExecutor(max_workers=2) as pool:
        processes = pool.map(lambda command: run_process(command, project, env), process_commands())
        server = pool.submit(run_sandbox_server, env)
        outcomes = [run_in_process(command) for command in offline_commands()]
        for command, version in sandbox_commands():
            if version:
                bump(project / "lens", version)
            outcomes.append(run_in_process(command))
        outcomes += [*processes, server.result()]

    unexpected = [(o.command.args, o.returncode, o.stdout[-800:], o.stderr[-500:]) for o in outcomes
                  if o.returncode not in o.command.exit_codes or "Traceback" in o.stderr]
    assert unexpected == []
    assert [(o.command.args, leaks(o.stdout + o.stderr)) for o in outcomes if leaks(o.stdout + o.stderr)] == []
    files = written_files(project.parent)
    assert list((project / ".walens" / "backups").rglob("*.json"))  # the update wrote a backup
    assert (project.parent / "home" / "step-summary.md").is_file()  # and review its step summary
    assert [(str(path), leaks(path.read_text(errors="replace"))) for path in files
            if leaks(path.read_text(errors="replace"))] == []
    served = json.dumps([record.to_json() for record in sandbox_http.steering.calls()])
    assert "CreateLensVersion" in served and leaks(served) == []


def test_the_scan_finds_credentials_that_a_process_does_print(tmp_path: Path) -> None:
    """A control for the test above: the canaries reach child processes, and a leak is caught."""
    script = "import boto3; c = boto3.Session().get_credentials(); print(c.access_key, c.secret_key, c.token)"
    done = subprocess.run([sys.executable, "-c", script], env=environment(tmp_path), capture_output=True,
                          text=True, timeout=60)
    assert leaks(done.stdout) == list(SECRETS)
    assert leaks(quote(SECRET_KEY, safe="")) == [SECRET_KEY]


# -- YAML ---------------------------------------------------------------------------------------
UNSAFE_YAML_NAMES = frozenset({
    "load", "load_all", "full_load", "full_load_all", "unsafe_load", "unsafe_load_all", "Loader", "FullLoader",
    "UnsafeLoader", "CLoader", "CFullLoader", "CUnsafeLoader", "Constructor", "FullConstructor",
    "UnsafeConstructor", "add_constructor", "add_multi_constructor",
})


def package_modules() -> list[tuple[str, Path]]:
    return [(".".join(path.relative_to(REPO).with_suffix("").parts), path)
            for path in sorted(PACKAGE.rglob("*.py"))]


def yaml_names_used(tree: ast.AST) -> set[str]:
    """Every ``yaml.<name>`` attribute and ``from yaml import <name>`` in a module."""
    names = {node.attr for node in ast.walk(tree)
             if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "yaml"}
    names |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
              and (node.module or "").split(".")[0] == "yaml" for alias in node.names}
    return names


def test_the_package_names_no_unsafe_yaml_api() -> None:
    used = {module: yaml_names_used(ast.parse(path.read_text(encoding="utf-8")))
            for module, path in package_modules()}
    assert {module: sorted(names & UNSAFE_YAML_NAMES) for module, names in used.items()
            if names & UNSAFE_YAML_NAMES} == {}
    assert any("safe_load" in names or "SafeLoader" in names for names in used.values())  # the scan sees yaml use


def test_every_yaml_loader_class_in_the_package_is_a_safe_loader() -> None:
    loaders = []
    for module, path in package_modules():
        if "yaml" not in path.read_text(encoding="utf-8"):
            continue
        for _, cls in inspect.getmembers(importlib.import_module(module), inspect.isclass):
            if issubclass(cls, yaml.constructor.BaseConstructor) and cls.__module__ == module:
                loaders.append(cls)
    safe = tuple(getattr(yaml, name) for name in ("SafeLoader", "CSafeLoader") if hasattr(yaml, name))
    assert loaders and all(issubclass(cls, safe) for cls in loaders)


PAYLOAD = "!!python/object/apply:os.system ['touch {marker}']"


def test_python_tags_in_config_and_lens_sources_are_errors_not_code(tmp_path: Path) -> None:
    from publisher.errors import WalensError
    from publisher.publish.config import parse_config
    from publisher.sources.problems import SourceError
    from publisher.sources.yamlpos import load_yaml

    marker = tmp_path / "executed"
    with pytest.raises(WalensError, match="invalid YAML"):
        parse_config(f"lens: {PAYLOAD.format(marker=marker)}\n", tmp_path / "walens.yaml")
    with pytest.raises(SourceError):
        load_yaml(f"name: {PAYLOAD.format(marker=marker)}\n", "lens.yaml")
    assert not marker.exists()


def test_a_python_tag_in_a_lens_source_fails_the_cli_cleanly(tmp_path: Path) -> None:
    lens = tmp_path / "lens"
    shutil.copytree(REPO / "lens_src" / "example", lens)
    marker = tmp_path / "executed"
    (lens / "lens.yaml").write_text(f"name: {PAYLOAD.format(marker=marker)}\nversion: '1.0'\n")
    done = subprocess.run([sys.executable, "-m", "publisher.cli", "validate", str(lens)], capture_output=True,
                          text=True, timeout=60, cwd=tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "lens.yaml:1" in done.stdout + done.stderr
    assert not marker.exists()
