"""The EKS lens's evidence rules (lens_src/eks, ``evidence:`` in choice front matter) on fixture facts.

Every rule is evaluated on the scenarios below and must hold on one, fail on another and be
undecidable on a third; every judged choice is checked for the verdict each scenario should give.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from publisher.assess.evaluate import judge
from publisher.assess.facts import CATALOGUE, Facts, SourceFacts
from publisher.assess.k8s_facts import kubernetes_facts
from publisher.loader import load

from .objects import healthy, namespace, pdb, workload

ROOT = Path(__file__).resolve().parents[2]
LOADED = load(ROOT / "lens_src" / "eks")
assert LOADED.evidence is not None
RULES = LOADED.evidence
QUESTION_OF = {choice: question for question, choice in RULES.rules}


def facts(*parts: dict[str, Any], origin: str = "api") -> Facts:
    by_source: dict[str, dict[str, Any]] = {}
    for part in parts:
        for path, value in part.items():
            by_source.setdefault(path.partition(".")[0], {})[path] = value
    return Facts([SourceFacts(source, origin if source == "kubernetes" else "api", found)
                  for source, found in by_source.items()])


GOOD = {"eks.compute.mode": "nodegroups", "eks.logging.enabledTypes": ["api", "audit", "authenticator"],
        "eks.endpoint.publicAccess": True, "eks.endpoint.openToInternet": False, "eks.auth.mode": "API",
        "eks.accessEntries.count": 3, "eks.auth.bootstrapAdmin": False, "eks.encryption.secrets": "customer-key",
        "eks.version.supportStatus": "STANDARD_SUPPORT", "eks.version.daysToEndOfStandardSupport": 200,
        "eks.upgradePolicy.supportType": "STANDARD", "eks.insights.upgradeReadiness.notPassing": [],
        "eks.addons.names": ["coredns", "vpc-cni"], "eks.addons.unhealthy": [], "eks.nodegroups.count": 2,
        "eks.nodegroups.behindCluster": [], "eks.podIdentity.count": 2, "guardduty.detector.enabled": True,
        "guardduty.eksAuditLogs": True, "guardduty.runtimeMonitoring": True, "guardduty.coverage.status": "HEALTHY"}
BAD = {"eks.compute.mode": "mixed", "eks.logging.enabledTypes": ["api"], "eks.endpoint.publicAccess": True,
       "eks.endpoint.openToInternet": True, "eks.auth.mode": "CONFIG_MAP", "eks.auth.bootstrapAdmin": True,
       "eks.encryption.secrets": "default-envelope", "eks.version.supportStatus": "EXTENDED_SUPPORT",
       "eks.version.daysToEndOfStandardSupport": -30, "eks.upgradePolicy.supportType": "EXTENDED",
       "eks.insights.upgradeReadiness.notPassing": ["Deprecated APIs (ERROR)"], "eks.addons.names": ["coredns"],
       "eks.addons.unhealthy": ["coredns (DEGRADED)"], "eks.nodegroups.count": 1,
       "eks.nodegroups.behindCluster": ["old (1.29)"], "eks.podIdentity.count": 0,
       "guardduty.detector.enabled": True, "guardduty.eksAuditLogs": False, "guardduty.runtimeMonitoring": True,
       "guardduty.coverage.status": "UNHEALTHY"}
#: Other modes and edge cases: what each changes from GOOD or BAD.
SOON_STANDARD = {**GOOD, "eks.version.daysToEndOfStandardSupport": 20}
SOON_EXTENDED = {**SOON_STANDARD, "eks.upgradePolicy.supportType": "EXTENDED"}
HYBRID_AUTH = {**BAD, "eks.auth.mode": "API_AND_CONFIG_MAP"}
NO_ADDONS = {**GOOD, "eks.addons.names": [], "eks.podIdentity.count": 0}
GUARDDUTY_OFF = {**GOOD, "guardduty.eksAuditLogs": False, "guardduty.runtimeMonitoring": False}
PRIVATE = {**BAD, "eks.endpoint.publicAccess": False}
AUTO = {**GOOD, "eks.compute.mode": "auto-mode", "eks.addons.names": []}
FARGATE = {**GOOD, "eks.compute.mode": "fargate", "eks.nodegroups.count": 0}
K8S_GOOD = kubernetes_facts(healthy(), "observed")
# one-replica api, a replicated web with no spread, no probes, no requests, no PDB, no HPA, no policies
K8S_BAD = kubernetes_facts([namespace(enforce=None), workload("api", replicas=1, probes=False, resources=False),
                            workload("web", spread=False), pdb("other")], "observed")
K8S_DECLARED = kubernetes_facts([namespace(), workload("web", spread=False)], "declared")

SCENARIOS: dict[str, Facts] = {
    "good": facts(GOOD, K8S_GOOD), "bad": facts(BAD, K8S_BAD), "none": facts(),
    "soon-standard": facts(SOON_STANDARD), "soon-extended": facts(SOON_EXTENDED),
    "hybrid-auth": facts(HYBRID_AUTH), "no-addons": facts(NO_ADDONS), "guardduty-off": facts(GUARDDUTY_OFF),
    "private": facts(PRIVATE), "auto": facts(AUTO), "fargate": facts(FARGATE),
    "declared": facts(K8S_DECLARED, origin="declared"),
}

S, V, U, NA = "satisfied", "violated", "unknown", "not_applicable"
#: choice -> scenario -> verdict; every judged choice is "unknown" with no facts ("none").
EXPECTED: dict[str, dict[str, str]] = {
    "ops_obs_cplogs": {"good": S, "bad": V},
    "ops_upg_calendar": {"good": S, "bad": V, "soon-standard": U, "soon-extended": U},
    "ops_upg_insights": {"good": S, "bad": V},
    "ops_upg_addons": {"good": S, "bad": V, "auto": S, "no-addons": V},
    "ops_upg_nodes": {"good": S, "bad": V, "auto": S, "fargate": S},
    "sec_acc_entries": {"good": S, "bad": V, "hybrid-auth": V},
    "sec_acc_creator_admin": {"good": U, "bad": V},
    "sec_data_envelope": {"good": S, "bad": U},  # default envelope encryption is not a failure
    "sec_det_audit_logs": {"good": U, "bad": V},
    "sec_det_api_threats": {"good": S, "bad": U},
    "sec_det_runtime": {"good": S, "bad": V, "guardduty-off": U, "fargate": U},
    "sec_net_endpoint": {"good": S, "bad": V, "private": S},
    "sec_net_netpol": {"good": S, "bad": V},
    "sec_hard_pss": {"good": S, "bad": V},
    "sec_hard_node_os": {"good": U, "auto": S, "fargate": NA},
    "sec_hard_node_access": {"good": U, "auto": S, "fargate": NA},
    "sec_wid_pod_identity": {"good": S, "bad": U},
    "rel_ha_spread": {"good": S, "bad": V, "declared": V},
    "rel_ha_pdb": {"good": S, "bad": V},
    "rel_ha_probes": {"good": S, "bad": V},
    "rel_dp_requests": {"good": S, "bad": V},
    "rel_dp_self_heal": {"good": U, "auto": S, "fargate": S},
    "rel_scale_pods": {"good": S, "bad": V, "declared": U},  # a declared KEDA ScaledObject has no HPA yet
    "rel_scale_nodes": {"good": U, "auto": S, "fargate": S},
    "perf_size_observed": {"good": U, "bad": V},
    "cost_gov_version": {"good": S, "bad": U, "soon-extended": U},
    "cost_size_consolidate": {"good": U, "auto": S, "fargate": S},
}
CASES = [(choice, scenario, verdict) for choice, table in EXPECTED.items()
         for scenario, verdict in {**table, "none": U}.items()]


@pytest.mark.parametrize(("choice", "scenario", "expected"), CASES, ids=[f"{c}-{s}" for c, s, _ in CASES])
def test_choice_verdict(choice: str, scenario: str, expected: str) -> None:
    found = SCENARIOS[scenario]
    verdict = judge(choice, RULES.of(QUESTION_OF[choice], choice), found)
    assert verdict.verdict == expected, verdict.reason
    assert verdict.reason
    if verdict.rule:  # the rule's own file:line:col, in the question's file
        assert Path(verdict.rule.rsplit(":", 2)[0]).stem == QUESTION_OF[choice]


def test_every_judged_choice_is_in_the_table() -> None:
    assert sorted(QUESTION_OF) == sorted(EXPECTED)


def test_every_rule_holds_fails_and_is_undecidable_on_some_scenario() -> None:
    for (_, choice), rules in RULES.rules.items():
        for rule in rules:
            outcomes = {rule.condition.evaluate(found.lookup).value for found in SCENARIOS.values()}
            never_unknown = rule.when.startswith("exists ")  # exists is true or false, never unknown
            assert outcomes == {True, False} | (set() if never_unknown else {None}), (choice, rule.index + 1)


def test_every_rule_decides_some_verdict() -> None:
    deciding = {judge(choice, RULES.of(QUESTION_OF[choice], choice), SCENARIOS[scenario]).rule
                for choice, scenario, _ in CASES}
    rules = {str(rule.location) for listed in RULES.rules.values() for rule in listed}
    assert rules - deciding == set()


def test_no_rule_marks_a_never_not_applicable_choice() -> None:
    never = LOADED.never_not_applicable
    assert [(q, c) for (q, c), rules in RULES.rules.items() for rule in rules
            if rule.verdict == NA and c in never.get(q, ())] == []


def test_the_issue_s_facts_are_all_judged() -> None:
    """Every fact the issue names for EKS is read by some rule of the lens."""
    read = {path for rules in RULES.rules.values() for rule in rules for path in rule.condition.paths()}
    wanted = {"eks.logging.enabledTypes", "eks.endpoint.openToInternet", "eks.auth.mode", "eks.accessEntries.count",
              "eks.auth.bootstrapAdmin", "eks.encryption.secrets", "eks.version.supportStatus",
              "eks.upgradePolicy.supportType", "eks.insights.upgradeReadiness.notPassing", "eks.addons.unhealthy",
              "eks.nodegroups.behindCluster", "eks.compute.mode", "eks.podIdentity.count", "guardduty.eksAuditLogs",
              "guardduty.runtimeMonitoring", "kubernetes.workloads.singleReplica", "kubernetes.workloads.withoutPdb",
              "kubernetes.workloads.withoutSpread", "kubernetes.workloads.withoutReadinessProbe",
              "kubernetes.workloads.withoutRequests", "kubernetes.workloads.withoutHpa",
              "kubernetes.namespaces.withoutNetworkPolicy", "kubernetes.namespaces.withoutPsaEnforce"}
    assert wanted - read == set()


def test_every_fact_is_documented() -> None:
    text = (ROOT / "docs" / "assess.md").read_text()
    assert [path for path in CATALOGUE if f"| `{path}` |" not in text] == []
