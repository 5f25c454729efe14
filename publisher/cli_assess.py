"""``walens assess``: evidence from a cluster proposed as answers; ``walens assess apply``: write a plan."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import click

from publisher.cli_params import LocalPath
from publisher.errors import UsageError

if TYPE_CHECKING:
    from pathlib import Path

FORMATS = ("text", "json", "markdown")
#: The lens whose evidence rules judge the cluster, unless --lens-dir names another.
DEFAULT_LENS_DIR = "lens_src/eks"


def _clients(region: str, profile: str | None, endpoint_url: str | None) -> Any:
    import boto3

    session = boto3.Session(profile_name=profile, region_name=region)
    extra = {"endpoint_url": endpoint_url} if endpoint_url else {}
    return lambda service: session.client(service, **extra)


def _say(line: str) -> None:
    """One line of output built from the plan file, the cluster or a service message: cleaned."""
    from publisher.safetext import clean

    click.echo(clean(line))


def _not_collected(plan: dict[str, Any]) -> None:
    from publisher.safetext import clean

    for line in plan["notCollected"]:
        click.echo(f"walens: {clean(line)}", err=True)


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _aws_options(command: Any) -> Any:
    for option in reversed([
        click.option("--profile", help="AWS profile (default: the SDK's credential chain)."),
        click.option("--endpoint-url", help="Send every AWS call here (a local emulation)."),
    ]):
        command = option(command)
    return command


@click.group(invoke_without_command=True)
@click.option("--cluster", help="EKS cluster name.")
@click.option("--region", help="AWS Region of the cluster and the workload.")
@click.option("--workload-id", help="The WA Tool workload whose answers are proposed.")
@click.option("--snapshot", type=LocalPath(dir_okay=False),
              help="`kubectl get deploy,sts,ds,pdb,hpa,netpol,ns -A -o json` output (observed facts).")
@click.option("--manifests", type=LocalPath(file_okay=False),
              help="A folder of rendered YAML manifests, e.g. `helm template` output (declared facts).")
@click.option("--live", is_flag=True, help="Read Kubernetes objects from the cluster (needs walens[kubernetes]).")
@click.option("--kube-context", help="kubeconfig context for --live.")
@click.option("--lens-dir", type=LocalPath(), default=None, show_default=DEFAULT_LENS_DIR,
              help="Lens sources holding the evidence rules.")
@click.option("--lens-alias", help="Lens ARN of the workload's review (default: found by lens name).")
@click.option("--format", "output", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--out", type=LocalPath(dir_okay=False), help="Write the plan (JSON) here.")
@click.option("--template", metavar="NAME", help="Write the platform (EKS, GuardDuty) evidence into this WA review "
              "template, created when missing, instead of proposing a workload's answers.")
@click.option("--merge", is_flag=True, help="With --template: also add proposed choices to answered questions.")
@click.option("--dry-run", is_flag=True, help="With --template: say what would be written; write nothing.")
@_aws_options
@click.pass_context
def assess(ctx: click.Context, cluster: str | None, region: str | None, workload_id: str | None,
           snapshot: Path | None, manifests: Path | None, live: bool, kube_context: str | None, lens_dir: Path | None,
           lens_alias: str | None, output: str, out: Path | None, template: str | None, merge: bool, dry_run: bool,
           profile: str | None, endpoint_url: str | None) -> None:
    """Judge a cluster by the lens's evidence rules and propose answers for a workload. Read-only:
    `walens assess apply PLAN` writes a plan saved with --out. With --template NAME, write the
    cluster-wide evidence into a review template that new workloads start from."""
    if ctx.invoked_subcommand is not None:
        return
    needed = (("--cluster", cluster), ("--region", region)) + ((("--workload-id", workload_id),) if not template
                                                               else ())
    missing = [name for name, value in needed if not value]
    if missing:
        raise UsageError(f"walens assess needs {', '.join(missing)}")
    if sum(1 for given in (snapshot, manifests, live or None) if given) > 1:
        raise UsageError("give at most one of --snapshot, --manifests and --live")
    if template and (snapshot or manifests or live or workload_id):
        raise UsageError("--template writes cluster-wide (EKS, GuardDuty) evidence only: --workload-id, --snapshot, "
                         "--manifests and --live belong to a workload's assessment")
    if not template and (merge or dry_run):
        raise UsageError("--merge and --dry-run go with --template (or with 'walens assess apply')")
    from pathlib import Path

    from publisher.assess.run import Request

    request = Request(str(cluster), str(region), str(workload_id or ""), lens_dir or Path(DEFAULT_LENS_DIR),
                      snapshot, manifests, kube_context, live, lens_alias)
    clients = _clients(str(region), profile, endpoint_url)
    if template:
        _template(request, template, clients, merge=merge, dry_run=dry_run, output=output, out=out)
        return
    import json

    from publisher.assess.report import as_markdown, as_text
    from publisher.assess.run import assess as run_assess

    plan = run_assess(request, clients, today=datetime.now(timezone.utc).date(), now=_now)
    _not_collected(plan)
    as_json = json.dumps(plan, indent=2, sort_keys=False) + "\n"
    if out is not None:
        from publisher.cli_reviews import _emit

        _emit(as_json, out)
    if output == "json":
        click.echo(as_json, nl=False)
    else:
        click.echo(as_markdown(plan) if output == "markdown" else as_text(plan), nl=False)


def _template(request: Any, name: str, clients: Any, *, merge: bool, dry_run: bool, output: str,
              out: Path | None) -> None:
    """``--template NAME``: write the platform evidence into the review template and say what changed."""
    import json

    from publisher.assess.run import assess_template
    from publisher.cli_reviews import _emit
    plan, outcome = assess_template(request, name, clients, today=datetime.now(timezone.utc).date(), now=_now,
                                    merge=merge, dry_run=dry_run)
    _not_collected(plan)
    if out is not None:
        _emit(json.dumps(plan, indent=2) + "\n", out)
    if output == "json":
        click.echo(json.dumps({"dryRun": dry_run, "template": outcome.to_json(), "plan": plan}, indent=2))
        return
    verb = "would write" if dry_run else "wrote"
    state = ("would be created" if dry_run else "created") if outcome.created else "found"
    _say(f"review template {name}: {state}{f' ({outcome.arn})' if outcome.arn else ''}")
    _say(f"{verb} {len(outcome.written)} answer(s): {', '.join(outcome.written) or '-'}")
    _say(f"up to date: {', '.join(outcome.unchanged) or '-'}")
    for qid, why in outcome.skipped.items():
        _say(f"skipped {qid}: {why}")


@assess.command()
@click.argument("plan_file", type=LocalPath(dir_okay=False))
@click.option("--merge", is_flag=True, help="Also add proposed choices to answered questions (never removes one).")
@click.option("--dry-run", is_flag=True, help="Say what would be written; write nothing.")
@click.option("--region", help="Region of the workload (default: the plan's).")
@click.option("--format", "output", type=click.Choice(("text", "json")), default="text", show_default=True)
@_aws_options
def apply(plan_file: Path, merge: bool, dry_run: bool, region: str | None, output: str, profile: str | None,
          endpoint_url: str | None) -> None:
    """Write a saved plan into the workload: a milestone first, then only unanswered questions (all with
    --merge), skipping any answer changed since the plan. Rerunning writes nothing."""
    import json

    from publisher.assess.apply import apply_plan
    from publisher.assess.plan_file import load_plan

    plan = load_plan(plan_file)
    where = region or str(plan.get("cluster", {}).get("region") or "")
    if not where:
        raise UsageError("the plan names no Region: pass --region")
    wa = _clients(where, profile, endpoint_url)("wellarchitected")
    outcome = apply_plan(plan, wa, merge=merge, now=_now, dry_run=dry_run)
    if output == "json":
        click.echo(json.dumps({"dryRun": dry_run, **outcome.to_json()}, indent=2))
        return
    verb = "would write" if dry_run else "wrote"
    if outcome.milestone:
        _say(f"milestone: {outcome.milestone}")
    _say(f"{verb} {len(outcome.written)} answer(s): {', '.join(outcome.written) or '-'}")
    _say(f"up to date: {', '.join(outcome.unchanged) or '-'}")
    for qid, why in outcome.skipped.items():
        _say(f"skipped {qid}: {why}")
    for qid, choices in outcome.contradicted.items():
        _say(f"contradicted in {qid} (reported, not applied): {', '.join(choices)}")
