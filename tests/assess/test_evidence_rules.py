"""Every evidence rule of the test lens, judged satisfied, violated and unknown on fixture facts."""

from __future__ import annotations

from typing import Any

import pytest

from publisher.assess.evaluate import judge
from publisher.assess.facts import Facts, SourceFacts
from publisher.assess.k8s_facts import kubernetes_facts

from .lens_fixture import lens_and_rules
from .objects import healthy, namespace, workload

DOC, RULES = lens_and_rules()
K8S_GOOD = kubernetes_facts(healthy(), "observed")
K8S_BAD = kubernetes_facts([namespace(), workload("api", replicas=1, probes=False),
                            workload("web", spread=False)], "declared")


def facts(**values: Any) -> Facts:
    by_source: dict[str, dict[str, Any]] = {}
    for key, value in values.items():
        path = key.replace("__", ".")
        by_source.setdefault(path.partition(".")[0], {})[path] = value
    return Facts([SourceFacts(source, "api", found) for source, found in by_source.items()])


def k8s(found: dict[str, Any]) -> Facts:
    return Facts([SourceFacts("kubernetes", found["kubernetes.origin"], found)])


LOGS_ON = {"eks__logging__enabledTypes": ["api", "audit", "authenticator"]}
CASES: list[tuple[str, str, Facts, str]] = [
    ("sec_control_plane", "cp_audit_logs", facts(**LOGS_ON), "satisfied"),
    ("sec_control_plane", "cp_audit_logs", facts(eks__logging__enabledTypes=["api"]), "violated"),
    ("sec_control_plane", "cp_audit_logs", facts(), "unknown"),
    ("sec_control_plane", "cp_private_endpoint", facts(eks__endpoint__publicAccess=False), "satisfied"),
    ("sec_control_plane", "cp_private_endpoint",
     facts(eks__endpoint__publicAccess=True, eks__endpoint__openToInternet=False), "satisfied"),
    ("sec_control_plane", "cp_private_endpoint",
     facts(eks__endpoint__publicAccess=True, eks__endpoint__openToInternet=True), "violated"),
    ("sec_control_plane", "cp_private_endpoint", facts(eks__endpoint__publicAccess=True), "unknown"),
    # default envelope encryption (no encryptionConfig) is not a failure
    ("sec_control_plane", "cp_secrets_encrypted", facts(eks__encryption__secrets="default-envelope"), "satisfied"),
    ("sec_control_plane", "cp_secrets_encrypted", facts(eks__encryption__secrets="customer-key"), "satisfied"),
    ("sec_control_plane", "cp_secrets_encrypted", facts(), "unknown"),
    ("sec_access", "acc_access_entries", facts(eks__auth__mode="API", eks__accessEntries__count=2), "satisfied"),
    ("sec_access", "acc_access_entries", facts(eks__auth__mode="CONFIG_MAP"), "violated"),
    ("sec_access", "acc_access_entries", facts(eks__auth__mode="API"), "unknown"),
    ("sec_access", "acc_no_bootstrap_admin", facts(eks__auth__bootstrapAdmin=False), "satisfied"),
    ("sec_access", "acc_no_bootstrap_admin", facts(eks__auth__bootstrapAdmin=True), "violated"),
    ("sec_access", "acc_no_bootstrap_admin", facts(), "unknown"),
    ("sec_access", "acc_pod_identity", facts(eks__podIdentity__count=3), "satisfied"),
    ("sec_access", "acc_pod_identity", facts(eks__podIdentity__count=0), "unknown"),  # no rule says violated
    ("sec_threats", "thr_audit_monitoring", facts(guardduty__eksAuditLogs=True), "satisfied"),
    ("sec_threats", "thr_audit_monitoring", facts(guardduty__eksAuditLogs=False), "violated"),
    ("sec_threats", "thr_audit_monitoring", facts(), "unknown"),
    ("sec_threats", "thr_runtime_monitoring", facts(eks__compute__mode="fargate"), "not_applicable"),
    ("sec_threats", "thr_runtime_monitoring",
     facts(eks__compute__mode="nodegroups", guardduty__runtimeMonitoring=True,
           guardduty__coverage__status="HEALTHY"), "satisfied"),
    ("sec_threats", "thr_runtime_monitoring",
     facts(eks__compute__mode="nodegroups", guardduty__runtimeMonitoring=False), "violated"),
    # runtime monitoring on, coverage not collected: unknown, never violated
    ("sec_threats", "thr_runtime_monitoring",
     facts(eks__compute__mode="nodegroups", guardduty__runtimeMonitoring=True), "unknown"),
    ("sec_threats", "thr_runtime_monitoring", facts(guardduty__runtimeMonitoring=False), "unknown"),
    ("rel_workloads", "wl_replicas", k8s(K8S_GOOD), "satisfied"),
    ("rel_workloads", "wl_replicas", k8s(K8S_BAD), "violated"),
    ("rel_workloads", "wl_replicas", facts(), "unknown"),
    ("rel_workloads", "wl_pdb", k8s(K8S_GOOD), "satisfied"),
    ("rel_workloads", "wl_pdb", k8s(K8S_BAD), "violated"),
    ("rel_workloads", "wl_pdb", facts(), "unknown"),
    ("rel_workloads", "wl_spread", k8s(K8S_GOOD), "satisfied"),
    ("rel_workloads", "wl_spread", k8s(K8S_BAD), "violated"),
    ("rel_workloads", "wl_spread", facts(), "unknown"),
    ("rel_workloads", "wl_probes", k8s(K8S_GOOD), "satisfied"),
    ("rel_workloads", "wl_probes", k8s(K8S_BAD), "violated"),
    ("rel_workloads", "wl_probes", facts(), "unknown"),
    ("rel_upgrades", "upg_supported",
     facts(eks__version__supportStatus="STANDARD_SUPPORT", eks__version__daysToEndOfStandardSupport=200),
     "satisfied"),
    ("rel_upgrades", "upg_supported", facts(eks__version__supportStatus="EXTENDED_SUPPORT"), "violated"),
    ("rel_upgrades", "upg_supported", facts(eks__version__supportStatus="STANDARD_SUPPORT"), "unknown"),
    ("rel_upgrades", "upg_insights", facts(eks__insights__upgradeReadiness__notPassing=[]), "satisfied"),
    ("rel_upgrades", "upg_insights", facts(eks__insights__upgradeReadiness__notPassing=["Deprecated APIs (ERROR)"]),
     "violated"),
    ("rel_upgrades", "upg_insights", facts(), "unknown"),
    ("rel_upgrades", "upg_nodes_current", facts(eks__compute__mode="auto-mode"), "not_applicable"),
    ("rel_upgrades", "upg_nodes_current",
     facts(eks__compute__mode="nodegroups", eks__nodegroups__count=2, eks__nodegroups__behindCluster=[]),
     "satisfied"),
    ("rel_upgrades", "upg_nodes_current",
     facts(eks__compute__mode="mixed", eks__nodegroups__count=2, eks__nodegroups__behindCluster=["old (1.29)"]),
     "violated"),
    ("rel_upgrades", "upg_nodes_current", facts(), "unknown"),
]


@pytest.mark.parametrize(("question", "choice", "found", "expected"), CASES,
                         ids=[f"{c[1]}-{c[3]}-{i}" for i, c in enumerate(CASES)])
def test_rule(question: str, choice: str, found: Facts, expected: str) -> None:
    verdict = judge(choice, RULES.of(question, choice), found)
    assert verdict.verdict == expected, verdict.reason
    if expected == "unknown":
        assert verdict.reason
    else:
        assert verdict.facts and all(fact.path in found.values for fact in verdict.facts)
        assert verdict.rule.startswith(str(RULES.of(question, choice)[0].location.file))


def test_every_rule_of_the_lens_is_exercised() -> None:
    judged = {(q, c, v) for q, c, _, v in CASES}
    for (question, choice), rules in RULES.rules.items():
        for rule in rules:
            assert (question, choice, rule.verdict) in judged, (question, choice, rule.verdict)
        assert (question, choice, "unknown") in judged


def test_verdicts_cite_their_origin() -> None:
    verdict = judge("wl_replicas", RULES.of("rel_workloads", "wl_replicas"), k8s(K8S_BAD))
    assert {fact.origin for fact in verdict.facts} == {"declared"}
    assert ("kubernetes.workloads.singleReplica", ["shop/Deployment/api"]) in [
        (fact.path, fact.value) for fact in verdict.facts]
