"""Findings as SARIF 2.1.0, for GitHub code scanning: each finding inline on its file, line and column.

Every result names its rule; each rule carries its description and a help URL (its source, or the
walens catalogue ``docs/checks.md`` on GitHub when walens runs in GitHub Actions).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from publisher import __version__
from publisher.findings import Finding
from publisher.loader import GIT_PREFIX

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SOURCE_ROOT = "%SRCROOT%"
#: code -> (severity, description, source URL), as ``walens rules`` lists them.
Catalogue = Mapping[str, tuple[str, str, str]]


def render_sarif(findings: Sequence[Finding], catalogue: Catalogue) -> str:
    """One SARIF log with one run of walens."""
    codes = sorted({finding.code for finding in findings})
    index = {code: position for position, code in enumerate(codes)}
    run = {
        "tool": {"driver": {"name": "walens", "version": __version__, "semanticVersion": __version__,
                            "informationUri": help_url("docs/checks.md") or "https://pypi.org/project/walens/",
                            "rules": [_rule(code, catalogue) for code in codes]}},
        "originalUriBaseIds": {SOURCE_ROOT: {"description": {"text": "The repository root"}}},
        "results": [_result(finding, index[finding.code]) for finding in findings],
    }
    return json.dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, indent=2, ensure_ascii=False) + "\n"


def help_url(url: str) -> str:
    """``url`` when absolute; a repository path on GitHub when walens runs in GitHub Actions; else empty."""
    if url.startswith(("https://", "http://")):
        return url
    server, repository = os.environ.get("GITHUB_SERVER_URL"), os.environ.get("GITHUB_REPOSITORY")
    if not (server and repository):
        return ""
    return f"{server}/{repository}/blob/{os.environ.get('GITHUB_SHA') or 'HEAD'}/{url}"


def _rule(code: str, catalogue: Catalogue) -> dict[str, Any]:
    severity, description, source = catalogue.get(code, ("error" if code.startswith("E") else "warning",
                                                         code, "docs/checks.md"))
    rule: dict[str, Any] = {"id": code, "shortDescription": {"text": description},
                            "help": {"text": f"{description.rstrip('.')}. See {source}."},
                            "defaultConfiguration": {"level": severity}}
    url = help_url(source)
    if url:
        rule["helpUri"] = url
    return rule


def _result(finding: Finding, rule_index: int) -> dict[str, Any]:
    location = finding.location
    region = {"startLine": max(location.line, 1), "startColumn": max(location.column, 1)}
    physical = {"artifactLocation": {"uri": artifact_uri(location.file), "uriBaseId": SOURCE_ROOT},
                "region": region}
    return {"ruleId": finding.code, "ruleIndex": rule_index, "level": finding.severity.value,
            "message": {"text": finding.message}, "locations": [{"physicalLocation": physical}]}


def artifact_uri(file: str) -> str:
    """The file as a URI relative to the repository root (``git:<rev>:path`` gives ``path``)."""
    if file.startswith(GIT_PREFIX) and file.count(":") >= 2:
        file = file.split(":", 2)[2]
    path = Path(file)
    if path.is_absolute():
        try:
            path = path.relative_to(Path.cwd())
        except ValueError:
            return path.as_uri()
    return quote(path.as_posix())
