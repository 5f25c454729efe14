"""A review with --plan gives the author one "set version" answer, even when the published lens is ahead
of the git base (another branch published first)."""

from __future__ import annotations

import re
from pathlib import Path

from publisher.review.model import PublishPreview, VersionCheck
from publisher.review.version_answer import reconcile

from .conftest import QUESTION, RunCli, change_example, edit, git

LENS = Path("lens_src/example")
LENS_YAML = LENS / "lens.yaml"
SET_VERSION = re.compile(r'set version: \\?"([^"\\]+)\\?"')


def test_published_ahead_of_the_base_gives_one_answer(lens_repo: Path, run_cli: RunCli, sandbox_server: str) -> None:
    edit(lens_repo / LENS_YAML, "name: Example Data Governance Lens", "name: Version Answer Lens")
    git(lens_repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qam", "own name")
    config = lens_repo / "walens.yaml"
    config.write_text(f"lens: lens_src/example\ntargets:\n  - name: sandbox\n    endpointUrl: {sandbox_server}\n"
                      "    regions: [us-east-1]\n")
    assert run_cli("publish", "--config", str(config))[0] == 0  # 1.0, as the base
    change_example(lens_repo, "2.0")
    edit(lens_repo / QUESTION, "title: How do you keep stored data unreadable?", "title: Another branch's title?")
    assert run_cli("publish", "--config", str(config))[0] == 0  # another branch publishes its 2.0 first
    git(lens_repo, "checkout", "-q", "--", ".")
    change_example(lens_repo, "2.0")  # this branch: a major change, 1.0 -> 2.0 is right against the base
    code, out, _ = run_cli("review", "--lens-dir", str(LENS), "--plan", "--config", str(config), "--format", "text")
    answers = set(SET_VERSION.findall(out))
    assert len(answers) == 1, out
    assert answers == {"2.1"}  # 2.0 is taken; from the published 2.0 the change (a retitle) is minor
    assert "version: MISMATCH" in out and "what publish needs in sandbox/us-east-1" in out
    assert code == 1


def _row(target: str, message: str) -> dict[str, object]:
    return {"target": target, "region": "us-east-1", "messages": [message]}


def test_the_targets_version_replaces_the_base_hint() -> None:
    check = VersionCheck("mismatch", 'the change is minor but the version stays 1.0; set version: "1.1" in lens.yaml',
                         "1.0", "1.0", "minor")
    preview = PublishPreview("plan", (_row("prod", 'version 1.1 was already published; set version: "1.2" in '
                                                   "lens.yaml or pass --auto-bump"),))
    message = reconcile(check, preview).message
    assert SET_VERSION.findall(message) == ["1.2"]
    assert message.endswith("(the published lens is ahead of the base, which alone would need 1.1)")


def test_targets_that_disagree_name_each_version_and_no_single_answer() -> None:
    check = VersionCheck("ok", "1.0 -> 1.1: a minor bump for a minor change", "1.0", "1.1", "minor")
    preview = PublishPreview("plan", (_row("a", 'set version: "1.2" in lens.yaml'),
                                      _row("b", 'set version: "2.0" in lens.yaml')))
    result = reconcile(check, preview)
    assert result.status == "mismatch"
    assert "the targets need different versions (1.2 in a/us-east-1; 2.0 in b/us-east-1)" in result.message
    assert not SET_VERSION.search(result.message)


def test_no_target_hint_leaves_the_check_alone() -> None:
    check = VersionCheck("ok", "1.0 -> 1.1: a minor bump for a minor change", "1.0", "1.1", "minor")
    assert reconcile(check, PublishPreview("plan", (_row("a", "ok"),))) is check
