"""``walens iam-policy``: print the least-privilege IAM policy for publishing and sharing the lens,
or (``--reviews``) for reading and upgrading the workload reviews, also as a CloudFormation template."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from publisher.cli_params import LocalPath
from publisher.errors import UsageError

if TYPE_CHECKING:
    from pathlib import Path


@click.command("iam-policy")
@click.option("--config", "config_path", type=LocalPath(dir_okay=False),
              help="Config file whose share allowlist and role ARNs scope the policy (default: ./walens.yaml).")
@click.option("--account", "accounts", multiple=True, metavar="ACCOUNT",
              help="Account the lens lives in (repeatable; default: the role accounts of the targets, else any).")
@click.option("--region", "regions", multiple=True, metavar="REGION",
              help="Region the lens lives in (repeatable; default: the Regions of the targets, else any).")
@click.option("--partition", default="aws", show_default=True, help="AWS partition of the ARNs.")
@click.option("--org-sharing/--no-org-sharing", default=None,
              help="Grant what organization and OU shares need. Default: on when the allowlist names any.")
@click.option("--explain", is_flag=True, help="Print each statement's actions and why walens calls them, not JSON.")
@click.option("--reviews", is_flag=True, help="The policy for `walens reviews` and `upgrade-reviews` instead.")
@click.option("--apply", "apply", is_flag=True, help="With --reviews: also what `upgrade-reviews --apply` writes.")
@click.option("--format", "output", type=click.Choice(("json", "cloudformation")), default="json", show_default=True,
              help="cloudformation (with --reviews): a template creating the reviews role of a member account.")
def iam_policy(config_path: Path | None, accounts: tuple[str, ...], regions: tuple[str, ...], partition: str,
               org_sharing: bool | None, explain: bool, reviews: bool, apply: bool, output: str) -> None:
    """Print the IAM policy (JSON) that allows exactly the calls walens makes to publish and share.

    Lens actions are scoped to lens ARNs of the given accounts and Regions; see docs/iam.md for the
    reason behind every statement. With --reviews, the policy of `walens reviews` and
    `upgrade-reviews` (--apply adds the writes); --format cloudformation prints the reviews role
    as a template for a service-managed StackSet.
    """
    import json

    from publisher.iam import build_policy, check_scope_values, explain_policy, scope_from_config
    from publisher.publish.config import load_config

    problems = check_scope_values(partition, accounts, regions)
    if problems:
        raise UsageError("; ".join(problems))
    if reviews:
        _reviews_policy(config_path, partition, apply=apply, output=output, explain=explain)
        return
    if apply or output != "json":
        raise UsageError("--apply and --format cloudformation go with --reviews")
    scope = scope_from_config(load_config(config_path), partition=partition, accounts=accounts, regions=regions,
                              org_sharing=org_sharing)
    click.echo(explain_policy(scope) if explain else json.dumps(build_policy(scope), indent=2), nl=not explain)


def _reviews_policy(config_path: Path | None, partition: str, *, apply: bool, output: str, explain: bool) -> None:
    import json

    from publisher.iam_reviews import build_reviews_policy, explain_reviews_policy
    from publisher.iam_template import DEFAULT_ROLE_NAME, reviews_role_template
    from publisher.publish.config import load_config

    if explain:
        click.echo(explain_reviews_policy(apply=apply), nl=False)
    elif output == "cloudformation":
        role_name = load_config(config_path).reviews.role_name or DEFAULT_ROLE_NAME
        click.echo(json.dumps(reviews_role_template(apply=apply, role_name=role_name), indent=2))
    else:
        click.echo(json.dumps(build_reviews_policy(apply=apply, partition=partition), indent=2))
