"""One version of each GitHub action everywhere: this repository's workflows and composite action, the
workflows ``walens init`` writes, and the docs; and walens itself pinned to its release tag, never a branch."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml

from publisher.distribution import REPOSITORY, release_tag

from .project import DOCS, LENSES, REPO, REPO_WORKFLOWS, VERSION, init_files, init_workflows

#: The major of every action used anywhere (majors that exist; Dependabot, .github/dependabot.yml, moves them on).
ACTION_VERSIONS = {"actions/checkout": "v4", "actions/setup-python": "v5", "actions/cache": "v4",
                   "actions/upload-artifact": "v4", "actions/github-script": "v7",
                   "aws-actions/configure-aws-credentials": "v4", "github/codeql-action/upload-sarif": "v3"}
_MENTION = re.compile(r"([\w.-]+/[\w.-]+(?:/[\w.-]+)?)@([\w.-]+)")


def _uses(document: Any) -> list[str]:
    """Every ``uses:`` value in a workflow or action, wherever it is nested."""
    if isinstance(document, dict):
        return [*([document["uses"]] if isinstance(document.get("uses"), str) else []),
                *(use for value in document.values() for use in _uses(value))]
    if isinstance(document, list):
        return [use for value in document for use in _uses(value)]
    return []


def _all_uses() -> dict[str, list[str]]:
    found = {str(path.relative_to(REPO)): _uses(yaml.safe_load(path.read_text(encoding="utf-8")))
             for path in REPO_WORKFLOWS}
    for lens in LENSES:
        found |= {f"init --from {lens}: {path}": _uses(yaml.safe_load(text))
                  for path, text in init_workflows(lens).items()}
    return found


def test_every_workflow_uses_the_one_version_of_each_action() -> None:
    everywhere = _all_uses()
    for where, uses in everywhere.items():
        for use in uses:
            if use != "./":
                name, _, version = use.partition("@")
                assert ACTION_VERSIONS.get(name) == version, f"{where}: {use}"
    used = {use.partition("@")[0] for uses in everywhere.values() for use in uses}
    assert used - {"./"} == set(ACTION_VERSIONS)  # nothing listed here goes unused


def test_the_docs_name_the_same_versions_and_the_release_tag() -> None:
    mentions = [(path.name, *match.groups()) for path in DOCS for match in _MENTION.finditer(path.read_text())]
    actions = [(doc, name, ref) for doc, name, ref in mentions if name in ACTION_VERSIONS]
    assert actions, "the docs name no action"
    for doc, name, ref in actions:
        assert ref == ACTION_VERSIONS[name], f"{doc}: {name}@{ref}"
    ours = [(doc, ref) for doc, name, ref in mentions if name.endswith(REPOSITORY)]
    assert ours, f"the docs never say how to use {REPOSITORY}"
    assert all(ref == release_tag() == f"v{VERSION}" for _doc, ref in ours), ours


@pytest.mark.parametrize("lens", LENSES)
def test_nothing_follows_a_branch(lens: str) -> None:
    texts = {path.name: path.read_text(encoding="utf-8") for path in [*DOCS, *REPO_WORKFLOWS]}
    texts |= {f"init:{path}": text for path, text in init_files(lens).items()}
    for where, text in texts.items():
        assert not re.search(r"@(main|master)\b|\brev:\s*['\"]?(main|master)\b", text), where


def test_the_precommit_example_pins_the_release_tag() -> None:
    review = (REPO / "docs" / "review.md").read_text(encoding="utf-8")
    example = yaml.safe_load(review.split("# .pre-commit-config.yaml\n")[1].split("```")[0])
    [repo] = example["repos"]
    assert repo["repo"] == f"https://github.com/{REPOSITORY}" and repo["rev"] == release_tag()
    hooks = {hook["id"] for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert {hook["id"] for hook in repo["hooks"]} <= hooks
