"""Calls of ``walens reviews`` and ``walens upgrade-reviews`` per workload, counted by the sandbox.

An organisation of ``--accounts`` member accounts (plus the owner), each with ``--workloads``
workloads reviewed with the EKS lens and 5 with another lens, in one Region; then a major version
and the upgrade, dry run and applied. Prints a Markdown table of calls per operation.

Run from the repository root: ``.venv/bin/python -m bench.bench_reviews [--accounts 3] [--workloads 60]``.
In process (moto's ``mock_aws``); the counts do not depend on the transport.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import Counter
from dataclasses import replace
from functools import partial
from pathlib import Path

REGION = "us-east-1"
OWNER = "123456789012"
REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=3)
    parser.add_argument("--workloads", type=int, default=60)
    args = parser.parse_args()
    from moto import mock_aws

    from publisher.adoption import demo_story as story
    from publisher.adoption.collect import collect
    from publisher.adoption.scope import ReviewScope
    from publisher.publish.fanout import run_targets
    from publisher.publish.jobs import JobContext, publish_one
    from publisher.publish.lensfind import find_lens
    from publisher.publish.plan import PublishOptions
    from publisher.publish.release import build_release
    from publisher.publish.targets import Connector, Target, offline_session
    from publisher.sandbox import call_log, reset_call_log, reset_sandbox
    from publisher.sandbox.harness import Sandbox
    from publisher.sandbox.org_seed import seed_organisation
    from publisher.sandbox.org_spec import OrgSpec, UnitSpec
    from tests.proof.scenarios import fake_environment

    reset_sandbox()
    with fake_environment(), mock_aws(), tempfile.TemporaryDirectory() as backups:
        connector = Connector(partial(offline_session, region=REGION))
        owner = Target(name=OWNER, region=REGION)
        names = tuple(f"team-{n}" for n in range(args.accounts))
        spec = OrgSpec(OWNER, (UnitSpec("workloads", names),), roles={"reviews": "bench-reviewer"})
        org = seed_organisation(Sandbox(), spec)
        organization = org.organization_id
        owner = replace(owner, shares=frozenset({organization}))
        release = build_release(REPO / "lens_src" / "eks", {})
        context = JobContext(connector, PublishOptions(enable_org_sharing=True), Path(backups))
        assert all(r.ok for r in run_targets([owner], partial(publish_one, context, release)))
        wa = connector.client(owner, "wellarchitected")
        lens = find_lens(wa, release.name)
        assert lens is not None
        other = wa.import_lens(JSONString=json.dumps(dict(release.doc, name="Another Lens")),
                               ClientRequestToken="other")["LensArn"]
        wa.create_lens_version(LensAlias=other, LensVersion="1.0", ClientRequestToken="other-1.0")
        wa.create_lens_share(LensAlias=other, SharedWith=organization, ClientRequestToken="other-share")
        members = story.member_targets(owner, org)
        for member in members:
            member_wa = connector.client(member, "wellarchitected")
            for n in range(args.workloads):
                story.review_workload(connector, member, lens.arn, ("checkout", "analytics")[n % 2], f"-{n}")
            for n in range(5):
                member_wa.create_workload(WorkloadName=f"other-{n}", Description="other", Environment="PRODUCTION",
                                          ReviewOwner="x@example.com", AwsRegions=[REGION], Lenses=[other])
        owner_view = replace(owner, shares=frozenset())
        scope = ReviewScope((owner_view,), OWNER, (owner_view, *members))
        workloads = args.accounts * args.workloads

        def measure(label: str, run: object) -> None:
            reset_call_log()
            callable_run = run
            assert callable(callable_run)
            callable_run()
            calls = call_log()
            by_operation = Counter(call.operation for call in calls)
            detail = ", ".join(f"{op} x{n}" for op, n in sorted(by_operation.items()))
            print(f"| {label} | {workloads} | {len(calls)} | {len(calls) / workloads:.2f} | "
                  f"{sum(c.access == 'write' for c in calls)} | {detail} |")

        print("| run | workloads with the lens | calls | calls per workload | writes | calls by operation |")
        print("|---|---:|---:|---:|---:|---|")
        measure("walens reviews", lambda: collect(scope, connector, release.name))
        major = story.major_revision(release)
        assert all(r.ok for r in run_targets([owner], partial(publish_one, context, major)))
        measure("walens upgrade-reviews (dry run)",
                lambda: story.upgrade_reviews(scope, connector, release.name, lambda _: None, apply=False))
        measure("walens upgrade-reviews --apply",
                lambda: story.upgrade_reviews(scope, connector, release.name, lambda _: None, apply=True))


if __name__ == "__main__":
    main()
