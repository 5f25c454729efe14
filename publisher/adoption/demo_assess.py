"""The assess part of ``walens demo``: an EKS cluster in the sandbox, two workloads judged from the
Kubernetes snapshots shipped in ``publisher/demo_data``, their plans applied as ``walens assess apply``
applies them, and the reviews' risk counts before and after."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from publisher.adoption.answer_risk import RISKS
from publisher.adoption.collect import collect
from publisher.adoption.formats import SHORT
from publisher.adoption.report import Counts, Report
from publisher.adoption.scope import ReviewScope
from publisher.assess.apply import Outcome, apply_plan
from publisher.assess.run import Request, assess
from publisher.errors import OperationFailed
from publisher.publish.targets import Connector, Target
from publisher.safetext import clean

Say = Callable[[str], None]

CLUSTER = "platform"
DEMO_DATA = Path(__file__).resolve().parent.parent / "demo_data"
#: Per demo workload, its objects as ``kubectl get deploy,sts,ds,pdb,hpa,netpol,ns -A -o json`` shows them:
#: analytics runs well, checkout runs single replicas, no PodDisruptionBudget and no probes.
SNAPSHOTS = {"checkout": DEMO_DATA / "checkout-snapshot.json", "analytics": DEMO_DATA / "analytics-snapshot.json"}
ADDONS = ("vpc-cni", "coredns", "kube-proxy", "eks-pod-identity-agent")


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split(".") if part.isdigit())


def offered_version(eks: Any) -> tuple[str, str]:
    """The Kubernetes version for a new cluster today and its support status, as DescribeClusterVersions
    says: the newest in standard support, else (once every version has left it) the newest offered."""
    offered = [(v["clusterVersion"], v.get("versionStatus") or v.get("status") or "")
               for page in eks.get_paginator("describe_cluster_versions").paginate()
               for v in page.get("clusterVersions", [])]
    if not offered:
        raise OperationFailed("DescribeClusterVersions offers no Kubernetes version for a new cluster")
    return max(offered, key=lambda item: (item[1] == "STANDARD_SUPPORT", _version_key(item[0])))


def create_cluster(eks: Any, account: str) -> tuple[str, str]:
    """The platform cluster: logs, a restricted public endpoint, access entries, a node group, add-ons,
    Pod Identity; returns its Kubernetes version and that version's support status."""
    role = f"arn:aws:iam::{account}:role/eks-{CLUSTER}"
    version, status = offered_version(eks)
    eks.create_cluster(
        name=CLUSTER, version=version, roleArn=role,
        resourcesVpcConfig={"subnetIds": ["subnet-0a1", "subnet-0b2", "subnet-0c3"], "endpointPublicAccess": True,
                            "endpointPrivateAccess": True, "publicAccessCidrs": ["203.0.113.0/24"]},
        logging={"clusterLogging": [{"types": ["api", "audit", "authenticator"], "enabled": True}]},
        accessConfig={"authenticationMode": "API", "bootstrapClusterCreatorAdminPermissions": False},
        upgradePolicy={"supportType": "STANDARD"})
    eks.create_nodegroup(clusterName=CLUSTER, nodegroupName="general", nodeRole=f"arn:aws:iam::{account}:role/nodes",
                         subnets=["subnet-0a1", "subnet-0b2", "subnet-0c3"], version=version)
    for addon in ADDONS:
        eks.create_addon(clusterName=CLUSTER, addonName=addon)
    admins = f"arn:aws:iam::{account}:role/platform-admins"
    eks.create_access_entry(clusterName=CLUSTER, principalArn=admins)
    eks.associate_access_policy(clusterName=CLUSTER, principalArn=admins,
                                policyArn="arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
                                accessScope={"type": "cluster"})
    eks.create_pod_identity_association(clusterName=CLUSTER, namespace="analytics", serviceAccount="ingest",
                                        roleArn=f"arn:aws:iam::{account}:role/analytics-ingest")
    return version, status


def risk_counts(scope: ReviewScope, connector: Connector, lens_name: str) -> dict[str, Counts]:
    """Per workload name, its review's risk counts as ``walens reviews`` shows them."""
    return {review.workload_name: dict(review.risk_counts)
            for review in Report(collect(scope, connector, lens_name)).reviews}


def counts_text(counts: Mapping[str, int]) -> str:
    return "  ".join(f"{SHORT[risk]} {counts.get(risk, 0)}" for risk in RISKS)


@dataclass(frozen=True)
class DemoAssessment:
    """Where the demo's assessments run: the platform account holds the cluster, members the reviews."""

    connector: Connector
    platform: Target
    lens_dir: Path
    today: date

    def clients(self, member: Target) -> Callable[[str], Any]:
        """EKS and GuardDuty of the platform account, the WA Tool of the member's account."""
        return lambda service: self.connector.client(member if service == "wellarchitected" else self.platform,
                                                     service)

    def plan(self, member: Target, workload_id: str, name: str) -> dict[str, Any]:
        request = Request(CLUSTER, member.region, workload_id, self.lens_dir, snapshot=SNAPSHOTS[name])
        return assess(request, self.clients(member), today=self.today, now=_now)

    def apply(self, member: Target, plan: Mapping[str, Any]) -> Outcome:
        return apply_plan(plan, self.connector.client(member, "wellarchitected"), merge=False, now=_now)


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def plan_lines(name: str, plan: Mapping[str, Any]) -> list[str]:
    """What ``walens assess`` found for one workload: the summary, what could not be read, the contradictions."""
    summary = plan["summary"]
    lines = [f"{name}: {summary['questions']} question(s) judged: {summary['satisfied']} satisfied, "
             f"{summary['violated']} violated, {summary['unknown']} unknown; proposes {summary['select']} "
             f"choice(s) to select, {summary['notApplicable']} not applicable, {summary['contradicted']} "
             f"contradicted ({plan['apiCalls']} AWS call(s))"]
    lines += [f"  {clean(line)}" for line in plan["notCollected"]]
    return lines


def outcome_lines(name: str, outcome: Outcome) -> list[str]:
    """What ``walens assess apply`` did for one workload, each skipped question with its reason."""
    return [f"{name}: milestone {outcome.milestone or '-'}, wrote {len(outcome.written)} answer(s), "
            f"{len(outcome.unchanged)} up to date, {len(outcome.skipped)} skipped",
            *(f"  skipped {qid}: {why}" for qid, why in outcome.skipped.items())]


def show_assessments(run: DemoAssessment, workloads: Mapping[str, tuple[Target, str]], scope: ReviewScope,
                     lens_name: str, say: Say) -> tuple[dict[str, Counts], dict[str, Counts]]:
    """Assess and apply each workload (name -> its account and workload id), saying what happened;
    returns the risk counts per workload before and after."""
    before = risk_counts(scope, run.connector, lens_name)
    plans = {name: run.plan(member, workload_id, name) for name, (member, workload_id) in workloads.items()}
    say(f"\n== walens assess --cluster {CLUSTER} --snapshot <workload's snapshot> (read-only)")
    for name, plan in plans.items():
        say("\n".join(plan_lines(name, plan)))
    say("\n== walens assess apply (only unanswered questions; a milestone first)")
    for name, plan in plans.items():
        say("\n".join(outcome_lines(name, run.apply(workloads[name][0], plan))))
    again = [run.apply(workloads[name][0], plan).writes for name, plan in plans.items()]
    say(f"apply again: {sum(again)} write(s)")
    after = risk_counts(scope, run.connector, lens_name)
    say("\n== walens reviews: risk counts before and after assess")
    for name in workloads:
        say(f"{name}: before  {counts_text(before.get(name, {}))}")
        say(f"{' ' * len(name)}  after   {counts_text(after.get(name, {}))}")
    return before, after
