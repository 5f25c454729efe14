"""The EKS lens: structure, content rules, seed coverage and documentation URLs."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from publisher.lensjson import dumps
from publisher.sources import compile_lens
from publisher.validate import validate_path

REPO = Path(__file__).resolve().parents[2]
LENS_DIR = REPO / "lens_src" / "eks"
FRAMEWORK_PILLARS = ["operationalExcellence", "security", "reliability", "performance", "costOptimization",
                     "sustainability"]
FRAMEWORK_REF = re.compile(r"\b(OPS|SEC|REL|PERF|COST|SUS) \d{1,2}\b")
# Official documentation hosts: AWS, Kubernetes and CNCF projects named by the lens.
ALLOWED_HOSTS = {
    "docs.aws.amazon.com", "aws.amazon.com", "kubernetes.io", "karpenter.sh", "argo-cd.readthedocs.io",
    "argo-rollouts.readthedocs.io", "fluxcd.io", "opentelemetry.io", "keda.sh", "kyverno.io",
    "open-policy-agent.github.io", "falco.org", "opencost.io", "sustainable-computing.io", "prometheus.io",
    "trivy.dev", "docs.docker.com", "docs.snyk.io", "docs.sysdig.com",
}
#: Official Kubernetes project documents kept in git (the scalability SLIs and SLOs), not any repository.
#: kubernetes/community renamed its default branch from master to main in 2026: links name main.
ALLOWED_PREFIXES = ("https://github.com/kubernetes/community/blob/main/",)


@pytest.fixture(scope="module")
def lens() -> dict[str, Any]:
    compiled = compile_lens(LENS_DIR)
    assert not compiled.findings
    assert compiled.version == "3.1"
    return compiled.doc


def questions(lens: dict[str, Any]) -> list[dict[str, Any]]:
    return [q for pillar in lens["pillars"] for q in pillar["questions"]]


def all_urls(lens: dict[str, Any]) -> list[str]:
    urls = []
    for question in questions(lens):
        urls.append(question["helpfulResource"]["url"])
        for choice in question["choices"]:
            for key in ("helpfulResource", "improvementPlan"):
                if "url" in choice.get(key, {}):
                    urls.append(choice[key]["url"])
            for group in choice.get("additionalResources", []):
                urls.extend(item["url"] for item in group["content"] if "url" in item)
    return urls


def test_validates_strictly_with_no_findings() -> None:
    assert validate_path(LENS_DIR) == []


def test_committed_build_is_reproducible(lens: dict[str, Any]) -> None:
    assert (REPO / "build" / "eks.json").read_text(encoding="utf-8") == dumps(lens)


def test_six_framework_pillars_with_enough_questions(lens: dict[str, Any]) -> None:
    assert [p["id"] for p in lens["pillars"]] == FRAMEWORK_PILLARS
    assert all(len(p["questions"]) >= 4 for p in lens["pillars"])
    assert 28 <= len(questions(lens)) <= 40


def test_every_question_follows_the_content_rules(lens: dict[str, Any]) -> None:
    for question in questions(lens):
        qid = question["id"]
        assert re.fullmatch(r"eks_(ops|sec|rel|perf|cost|sus)_[a-z0-9_]+", qid), qid
        assert question["title"].endswith("?"), qid
        assert FRAMEWORK_REF.search(question["description"]), f"{qid}: names no framework question"
        assert question["helpfulResource"]["displayText"] and question["helpfulResource"]["url"]
        *practices, none = question["choices"]
        assert 3 <= len(practices) <= 7, qid
        assert none["id"].endswith("_no") and none["title"] == "None of these", qid
        for choice in practices:
            assert not choice["id"].endswith("_no"), choice["id"]
            assert choice["helpfulResource"]["displayText"] and choice["helpfulResource"]["url"], choice["id"]
            assert choice["improvementPlan"]["displayText"] and choice["improvementPlan"]["url"], choice["id"]


def test_risk_rules_are_graded_and_guarded(lens: dict[str, Any]) -> None:
    for question in questions(lens):
        none_id = question["choices"][-1]["id"]
        risks = [rule["risk"] for rule in question["riskRules"]]
        assert risks == ["NO_RISK", "MEDIUM_RISK", "HIGH_RISK"], question["id"]
        assert question["riskRules"][-1]["condition"] == "default"
        for rule in question["riskRules"][:-1]:
            assert rule["condition"].endswith(f"&& !{none_id}"), question["id"]


def test_choice_ids_are_unique_across_the_lens(lens: dict[str, Any]) -> None:
    ids = [c["id"] for q in questions(lens) for c in q["choices"]]
    assert len(ids) == len(set(ids))


def test_urls_are_https_official_documentation(lens: dict[str, Any]) -> None:
    for url in all_urls(lens):
        parsed = urlparse(url)
        assert parsed.scheme == "https", url
        assert parsed.hostname in ALLOWED_HOSTS or url.startswith(ALLOWED_PREFIXES), url
        assert not re.search(r"\s", url) and parsed.path, url


# Every point the seed document makes, and words that must appear in the lens for it.
SEED_POINTS = {
    "three observability paths": ["CloudWatch", "Prometheus", "OpenSearch"],
    "OpenTelemetry": ["OpenTelemetry", "ADOT"],
    "metrics feed HPA and progressive delivery": ["HorizontalPodAutoscaler", "Argo Rollouts", "Flagger"],
    "IaC and git for everything": ["CloudFormation", "Terraform", "git"],
    "CVE scanning in pipelines": ["Inspector", "Trivy", "Docker Scout", "Snyk", "Sysdig"],
    "production-like testing": ["production-like"],
    "pull-based GitOps": ["Argo CD", "Flux", "pull"],
    "merge rights are the security boundary": ["merge"],
    "replicas left out of git": ["replicas"],
    "rollback through git": ["revert"],
    "blue/green and canary": ["blue/green", "canary"],
    "SLO-based automatic rollback": ["SLO"],
    "planned cluster and add-on upgrades": ["upgrade", "add-on"],
}


@pytest.mark.parametrize("point", SEED_POINTS)
def test_seed_point_is_represented(lens: dict[str, Any], point: str) -> None:
    ops = next(p for p in lens["pillars"] if p["id"] == "operationalExcellence")
    text = json.dumps(ops, ensure_ascii=False)
    missing = [word for word in SEED_POINTS[point] if word not in text]
    assert not missing, f"seed point {point!r}: {missing} not found in the Operational Excellence pillar"


def test_one_position_on_memory(lens: dict[str, Any]) -> None:
    """Memory limits equal memory requests everywhere the lens talks about sizing (EKS BPG, data plane)."""
    text = json.dumps(lens, ensure_ascii=False)
    assert "memory limits above peak" not in text
    choices = {c["id"]: c for q in questions(lens) for c in q["choices"]}
    assert "memory limits equal to memory requests" in choices["perf_size_observed"]["title"]
    assert "memory limit equal to the memory request" in choices["rel_dp_requests"]["improvementPlan"]["displayText"]


def test_description_states_the_scope(lens: dict[str, Any]) -> None:
    description = lens["description"]
    for words in ("Out of scope", "Windows", "Hybrid Nodes", "Outposts", "AI/ML", "Container Build Lens"):
        assert words in description, words


def test_lists_render_as_plain_text_lines(lens: dict[str, Any]) -> None:
    """cost_gov_policy: the closing sentence after the bullets is its own line, not part of the last bullet."""
    plan = next(c for q in questions(lens) for c in q["choices"] if c["id"] == "cost_gov_policy")["improvementPlan"]
    lines = plan["displayText"].split("\n")
    assert lines[0].endswith("that:") and all(line.startswith("- ") for line in lines[1:-1])
    assert lines[-1].startswith("Start in audit mode")


def test_core_subset_is_short_and_covers_every_pillar(lens: dict[str, Any]) -> None:
    """About a third of the questions, marked in their description, make a first review (issue 21)."""
    mark = "Core question: answer it in a first review."
    core = {pillar["id"]: [q["id"] for q in pillar["questions"] if mark in q["description"]]
            for pillar in lens["pillars"]}
    total = sum(len(pillar["questions"]) for pillar in lens["pillars"])
    assert all(core.values()), core
    assert total // 4 <= sum(map(len, core.values())) <= total // 2


def test_lens_says_it_is_not_an_aws_lens(lens: dict[str, Any]) -> None:
    assert "It is not an AWS lens" in lens["description"]
