"""Realistic answers the EKS lens 2.0 graded wrongly (issue 21), each graded by the lens's own rules.

Every case names the answer set a senior EKS reviewer met, the risk 2.0 gave and the risk it
should give. ``na`` lists choices marked not applicable, only where the choice's text allows it.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.eks.test_personas import RISK, _graded, resolve

CASES = [
    # (question, ticks, not applicable, risk 2.0 gave, risk it should give, why)
    ("eks_sec_network", "endpoint private_nodes sgpp", "", "NONE", "MEDIUM",
     "security groups for pods do not control pod-to-pod traffic on EC2 nodes"),
    ("eks_sec_network", "endpoint private_nodes sgpp", "netpol", "NONE", "NONE",
     "on Fargate network policies are not enforced: security groups for pods are the per-pod control"),
    ("eks_ops_progressive_delivery", "rolling slo_analysis", "", "NONE", "MEDIUM",
     "a service with a large blast radius needs blue/green or canary"),
    ("eks_ops_progressive_delivery", "rolling slo_analysis", "strategy controller", "NONE", "NONE",
     "no service has a large blast radius"),
    ("eks_sec_cluster_access", "entries", "", "MEDIUM", "HIGH", "everyone is cluster-admin"),
    ("eks_sec_cluster_access", "entries pipelines", "", "MEDIUM", "HIGH",
     "a federated pipeline role, but every person is cluster-admin"),
    ("eks_sec_workload_hardening", "isolation", "", "MEDIUM", "HIGH",
     "privileged pods and SSH on nodes, only separated by node pool"),
    ("eks_sec_workload_hardening", "pss policy_engine node_os node_access posture", "", "NONE", "MEDIUM",
     "tenants of different trust levels share nodes"),
    ("eks_ops_upgrades", "calendar insights addons rehearse", "", "NONE", "MEDIUM",
     "self-managed nodes never move to a new AMI"),
    ("eks_rel_workload_ha", "pdb probes", "", "MEDIUM", "HIGH", "single replicas: a budget cannot protect one pod"),
    ("eks_rel_data_plane", "requests self_heal", "", "MEDIUM", "HIGH", "all nodes in one Availability Zone"),
    ("eks_rel_backup_dr", "rebuild", "", "MEDIUM", "HIGH",
     "a StatefulSet database on EBS and no backup: the rebuild comes back empty"),
    ("eks_ops_gitops", "push_locked merge_gate no_direct controller_fields rollback", "", "NONE", "MEDIUM",
     "nothing detects drift between git and the cluster"),
    ("eks_rel_fleet", "waves", "cells shift", "NONE", "MEDIUM", "a single-cluster estate"),
    ("eks_sec_traffic_entry", "tls_edge to_pod certs", "", "NONE", "MEDIUM", "an internet-facing ALB without WAF"),
    ("eks_perf_data_plane", "managed limits cost", "", "MEDIUM", "NONE",
     "every workload on EKS Auto Mode, its limits and fee checked, no further documents"),
]


@pytest.mark.parametrize(("qid", "ticks", "na", "old", "risk", "why"), CASES,
                         ids=[f"{case[0]}:{case[1]}" + (f"/na:{case[2]}" if case[2] else "") for case in CASES])
def test_realistic_answer_gets_the_risk_a_reviewer_signs(qid: str, ticks: str, na: str, old: str, risk: str,
                                                        why: str, questions: dict[str, dict[str, Any]]) -> None:
    question = questions[qid]
    assert _graded(question, resolve(question, ticks), resolve(question, na)) == RISK[risk], why


def test_node_patching_is_part_of_the_node_os_and_upgrade_choices(questions: dict[str, dict[str, Any]]) -> None:
    """Self-managed nodes never moved to a new AMI must not tick either choice (issue 21)."""
    titles = {c["id"]: c["title"] for qid in ("eks_sec_workload_hardening", "eks_ops_upgrades")
              for c in questions[qid]["choices"]}
    assert "each new release" in titles["sec_hard_node_os"]
    assert "each new AMI release" in titles["ops_upg_nodes"]
