"""``walens demo``: build, validate and publish the lens into a local sandbox it starts and stops itself.

Needs no AWS account and ignores any credentials in the environment: every client of the demo
uses fixed fake keys and the sandbox's endpoint.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import TYPE_CHECKING

import click

from publisher.cli_params import LocalPath
from publisher.errors import OperationFailed, Refused, WalensError
from publisher.extras import require_sandbox

if TYPE_CHECKING:
    from pathlib import Path

    from publisher.publish.jobs import JobContext
    from publisher.publish.release import Release
    from publisher.publish.targets import Connector, Target
    from publisher.sandbox.org_seed import SeededOrg

REGION = "us-east-1"
OWNER_ACCOUNT = "123456789012"  # the sandbox's default account, reached with any fake key
RECIPIENT_ACCOUNT = "222222222222"
RECIPIENT_ROLE = f"arn:aws:iam::{RECIPIENT_ACCOUNT}:role/walens-demo-reader"
LENS_CANDIDATES = ("lens_src/eks", "lens_src/example")
#: The organisation of the demo, in the format of ``walens sandbox --org`` (docs/sandbox.md).
DEMO_ORGANISATION = """\
units:
  - name: workloads
    accounts: [team-checkout, team-analytics]
roles:
  reviews: walens-demo-reviewer
  publish: null
"""


@contextmanager
def aws_environment_hidden() -> Iterator[None]:
    """Hide AWS_* variables (profiles, keys, endpoints) while the demo runs: the embedded moto
    server reads them too, and nothing of a real account belongs in the demo."""
    hidden = {name: os.environ.pop(name) for name in list(os.environ) if name.startswith("AWS_")}
    try:
        yield
    finally:
        os.environ.update(hidden)


def lens_candidates(root: Path) -> list[Path]:
    """The lenses of ``root`` that exist, in order, then the EKS lens shipped with walens (so that the
    demo runs from an installed wheel in an empty folder)."""
    from publisher.shipped_lenses import shipped_lens

    found = [root / candidate for candidate in LENS_CANDIDATES if (root / candidate / "lens.yaml").is_file()]
    shipped = shipped_lens("eks")
    return [*found, shipped] if all(not shipped.samefile(path) for path in found) else found


def pick_lens(root: Path, say: Callable[[str], None]) -> tuple[Path, Release]:
    """The first candidate lens that builds and validates cleanly, and its source folder."""
    from publisher.publish.release import build_release

    problems = []
    for candidate in lens_candidates(root):
        try:
            release = build_release(candidate, {"project": "walens-demo"})
        except WalensError as exc:
            problems.append(exc.message)
            continue
        say(f"built and validated {candidate}: {release.name!r} version {release.declared_version}")
        for problem in problems:
            say(f"  (skipped: {problem})")
        return candidate, release
    raise Refused("no demo lens builds cleanly: " + "; ".join(problems))


def create_demo_organization(endpoint: str | None) -> SeededOrg:
    """The demo organisation (``DEMO_ORGANISATION``), created in the sandbox at ``endpoint`` (None: in process)."""
    from publisher.sandbox.harness import Sandbox
    from publisher.sandbox.org_seed import seed_organisation
    from publisher.sandbox.org_spec import parse_org_spec

    return seed_organisation(Sandbox(endpoint), parse_org_spec(DEMO_ORGANISATION, "the demo organisation"))


def accept_invitations(connector: Connector, recipient: Target, lens_name: str) -> list[str]:
    """Act as the recipient account: accept every pending invitation to the lens."""
    from publisher.publish.lensfind import paginate

    wa = connector.client(recipient, "wellarchitected")
    accepted = []
    for invitation in paginate(wa.list_share_invitations, "ShareInvitationSummaries",
                               ShareResourceType="LENS", LensNamePrefix=lens_name):
        wa.update_share_invitation(ShareInvitationId=invitation["ShareInvitationId"],
                                   ShareInvitationAction="ACCEPT")
        accepted.append(invitation["ShareInvitationId"])
    return accepted


@click.command()
@click.option("--root", type=LocalPath(file_okay=False, exists=True), default=".",
              show_default=True,
              help="Folder whose lens_src/eks (else lens_src/example) to publish; without them, the EKS lens "
                   "shipped with walens.")
def demo(root: Path) -> None:
    """Build, validate and publish the EKS lens into a local sandbox, share it, print the status."""
    require_sandbox("demo")
    import logging
    import tempfile
    from pathlib import Path

    from publisher.publish.fanout import render_table, run_targets
    from publisher.publish.jobs import JobContext, publish_one
    from publisher.publish.plan import PublishOptions
    from publisher.publish.status import render_status, status_one
    from publisher.publish.targets import Connector, Target, offline_session
    from publisher.sandbox import call_log, reset_call_log, reset_sandbox
    from publisher.sandbox.server import local_sandbox

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no per-request access log
    say = click.echo
    lens_dir, release = pick_lens(root, say)
    connector = Connector(session_factory=partial(offline_session, region=REGION))
    reset_sandbox()  # the emulation's state is per process: start from an empty one
    with aws_environment_hidden(), local_sandbox() as endpoint, \
            tempfile.TemporaryDirectory(prefix="walens-demo-") as backups:
        say(f"sandbox running at {endpoint} (owner account {OWNER_ACCOUNT}, Region {REGION})")
        owner = Target(name="demo", region=REGION, endpoint_url=endpoint)
        org = create_demo_organization(endpoint)
        unit = org.units["workloads"]
        say(f"demo organization {org.organization_id} with OU {unit}")
        owner = Target(name="demo", region=REGION, endpoint_url=endpoint,
                       shares=frozenset({RECIPIENT_ACCOUNT, org.organization_id, unit}))
        context = JobContext(connector, PublishOptions(enable_org_sharing=True), Path(backups))
        for attempt in ("publish", "publish again (must be a no-op)"):
            say(f"\n== {attempt}")
            reset_call_log()
            results = run_targets([owner], partial(publish_one, context, release))
            say(render_table(results))
            if not all(result.ok for result in results):
                raise OperationFailed("the demo publish failed")
            writes = [call.operation for call in call_log() if call.access == "write"]
            say(f"{len(writes)} write call(s): {', '.join(writes) or 'none'}")
        recipient = Target(name="recipient", region=REGION, endpoint_url=endpoint, role_arn=RECIPIENT_ROLE)
        accepted = accept_invitations(connector, recipient, release.name)
        say(f"\n== account {RECIPIENT_ACCOUNT} accepted {len(accepted)} invitation(s)")
        say("\n== status")
        say(render_status(run_targets([owner], partial(status_one, connector, release))))
        adoption(connector, owner, org, release, context, say, lens_dir)
    say("\nsandbox stopped")


def adoption(connector: Connector, owner: Target, org: SeededOrg, release: Release, context: JobContext,
             say: Callable[[str], None], lens_dir: Path) -> None:
    """Two member accounts review workloads with the lens; reviews, a major version, upgrade-reviews, then
    ``walens assess`` proposes answers from a cluster and ``assess apply`` writes them."""
    from dataclasses import replace
    from datetime import datetime, timezone

    from publisher.adoption import demo_story as story
    from publisher.adoption.demo_assess import CLUSTER, DemoAssessment, create_cluster, show_assessments
    from publisher.adoption.scope import ReviewScope
    from publisher.publish.fanout import render_table, run_targets
    from publisher.publish.jobs import publish_one
    from publisher.publish.lensfind import find_lens

    members = story.member_targets(owner, org)
    lens = find_lens(connector.client(owner, "wellarchitected"), release.name)
    assert lens is not None  # published above
    say(f"\n== accounts {', '.join(m.name for m in members)} of OU {org.units['workloads']} review workloads "
        "with the lens")
    workloads = {}
    for member, workload in zip(members, story.ANSWERS, strict=True):
        workloads[workload] = (member, story.review_workload(connector, member, lens.arn, workload))
        say(f"{member.name}: workload {workload!r} answered")
    owner_view = replace(owner, name=OWNER_ACCOUNT, shares=frozenset())
    scope = ReviewScope((owner_view,), OWNER_ACCOUNT, (owner_view, *members))
    say("\n== walens reviews")
    story.show_reviews(scope, connector, release.name, say)
    major = story.major_revision(release)
    say(f"\n== publish {major.declared_version}: ops_obs_tracing removed, delivery rules stricter")
    results = run_targets([owner], partial(publish_one, context, major))
    say(render_table(results))
    if not all(result.ok for result in results):
        raise OperationFailed("the demo publish of the major version failed")
    say("\n== walens upgrade-reviews (dry run)")
    story.upgrade_reviews(scope, connector, release.name, say, apply=False)
    say("\n== walens upgrade-reviews --apply")
    upgrades = story.upgrade_reviews(scope, connector, release.name, say, apply=True)
    if not all(upgrade.ok for upgrade in upgrades):
        raise OperationFailed("the demo upgrade of the reviews failed")
    say("\n== walens reviews (after the upgrade)")
    story.show_reviews(scope, connector, release.name, say)
    version, status = create_cluster(connector.client(owner, "eks"), OWNER_ACCOUNT)
    say(f"\n== EKS cluster {CLUSTER!r} (Kubernetes {version}, {status}) in account {OWNER_ACCOUNT}, shared by "
        "both workloads")
    run = DemoAssessment(connector, owner, lens_dir, datetime.now(timezone.utc).date())
    before, after = show_assessments(run, workloads, scope, release.name, say)
    if before == after:
        raise OperationFailed("the demo's assess step changed no risk count")
