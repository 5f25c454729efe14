"""The adoption part of ``walens demo``: member accounts review workloads with the shared lens, the
inventory shows them, a major version is published and the reviews are upgraded to it."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from publisher.adoption.collect import collect, owner_lenses, run_accounts
from publisher.adoption.formats import render_text
from publisher.adoption.report import Report
from publisher.adoption.scope import ReviewScope
from publisher.adoption.upgrade import LensVersions, UpgradeRun, upgrade_one
from publisher.adoption.upgrade_text import render_upgrades
from publisher.publish.release import Release
from publisher.publish.targets import Connector, Target
from publisher.publish.versioning import next_version

if TYPE_CHECKING:
    from publisher.sandbox.org_seed import SeededOrg

Say = Callable[[str], None]

#: What each demo workload answers (question id -> selected choices) in the EKS lens.
ANSWERS = {
    "checkout": {"eks_ops_observability": ["ops_obs_collect", "ops_obs_alarms"],
                 "eks_sec_cluster_access": ["sec_acc_no"]},
    "analytics": {"eks_ops_observability": ["ops_obs_strategy", "ops_obs_cplogs", "ops_obs_collect",
                                            "ops_obs_alarms", "ops_obs_tracing"],
                  "eks_ops_delivery": ["ops_dlv_cluster_iac"]},
}


def member_targets(owner: Target, org: SeededOrg) -> list[Target]:
    """The member accounts of the sandbox organisation, reached through their reviews role."""
    return [replace(owner, name=account.id, shares=frozenset(), role_arn=org.role_arn(account.id, "reviews"))
            for account in org.accounts]


def review_workload(connector: Connector, member: Target, lens_arn: str, name: str, suffix: str = "") -> str:
    """Create workload ``name + suffix`` in the account of ``member``, answered as ``ANSWERS[name]``."""
    wa = connector.client(member, "wellarchitected")
    workload: str = wa.create_workload(
        WorkloadName=name + suffix, Description=f"The {name} service on EKS", Environment="PRODUCTION",
        ReviewOwner=f"{name}-team@example.com", AwsRegions=[member.region], Lenses=[lens_arn])["WorkloadId"]
    for question, choices in ANSWERS[name].items():
        wa.update_answer(WorkloadId=workload, LensAlias=lens_arn, QuestionId=question, SelectedChoices=choices)
    return workload


def major_revision(release: Release) -> Release:
    """The next major version: ``ops_obs_tracing`` is dropped and delivery needs IaC and Git for MEDIUM."""
    doc = copy.deepcopy(release.doc)
    questions = {q["id"]: q for pillar in doc["pillars"] for q in pillar["questions"]}
    observability = questions["eks_ops_observability"]
    observability["choices"] = [c for c in observability["choices"] if c["id"] != "ops_obs_tracing"]
    observability["riskRules"][0]["condition"] = "(ops_obs_collect && ops_obs_cplogs && ops_obs_alarms) && !ops_obs_no"
    questions["eks_ops_delivery"]["riskRules"][1]["condition"] = (
        "(ops_dlv_cluster_iac && ops_dlv_manifests_git) && !ops_dlv_no")
    return replace(release, doc=doc, declared_version=next_version(release.declared_version, "major"))


def show_reviews(scope: ReviewScope, connector: Connector, name: str, say: Say) -> None:
    say(render_text(Report(collect(scope, connector, name))))


def upgrade_reviews(scope: ReviewScope, connector: Connector, name: str, say: Say, *, apply: bool) -> list[Any]:
    """``walens upgrade-reviews`` (``--apply``) over the scope; returns the per-workload upgrades."""
    lenses, errors = owner_lenses(scope, connector, name)
    versions = LensVersions(connector, {owner.region: owner for owner in scope.owners})
    results = run_accounts(scope, lenses, lambda target: upgrade_one(UpgradeRun(connector, lenses, versions, apply),
                                                                     target))
    upgrades = [u for result in results for u in result.detail.get("upgrades", [])]
    say(render_upgrades(upgrades, errors, apply))
    return upgrades
