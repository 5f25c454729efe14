"""Where to look for workloads: the owner's lens per Region and one target per (account, Region).

The owner is the configured publishing target (one account); the ``reviews`` section of
``walens.yaml`` adds accounts, by id or through AWS Organizations, reached by assuming ``roleName``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from publisher.errors import UsageError
from publisher.publish.config import ReviewsConfig, WalensConfig
from publisher.publish.org_accounts import Lister, accounts_under, member_role_arn
from publisher.publish.targets import Connector, Overrides, Target, resolve_targets


@dataclass(frozen=True)
class ReviewScope:
    """The owner target in each Region, and every account target in each Region (owner first)."""

    owners: tuple[Target, ...]
    owner_account: str
    targets: tuple[Target, ...]


def owner_targets(config: WalensConfig, overrides: Overrides) -> list[Target]:
    """The configured publishing target, one per Region; more than one account is a usage error."""
    resolved = resolve_targets(config, overrides)
    names = sorted({target.name for target in resolved})
    if len(names) != 1:
        raise UsageError(f"reviews reads the lens of one owner account; the config selects targets {', '.join(names)}: "
                         "choose one with --target")
    return resolved


def review_scope(config: WalensConfig, overrides: Overrides, connector: Connector) -> ReviewScope:
    """The owner and every account of ``config.reviews`` in every Region (``--region`` first, then
    ``reviews.regions``, then the owner target's Regions)."""
    settings = config.reviews
    owners = owner_targets(config, replace(overrides, regions=overrides.regions or settings.regions))
    base = owners[0]
    owner_account = connector.account_id(base)
    owners = [replace(owner, name=owner_account) for owner in owners]
    regions = [owner.region for owner in owners]
    endpoint = overrides.endpoint_url or settings.endpoint_url or base.endpoint_url
    profile = overrides.profile or settings.profile or base.profile
    members = [account for account in _member_accounts(settings, connector, base, profile, endpoint)
               if account != owner_account]
    targets = list(owners)
    if members:
        assert settings.role_name is not None  # the config requires roleName beside accounts and OUs
        targets += [Target(name=account, region=region, profile=profile, endpoint_url=endpoint,
                           role_arn=member_role_arn(account, settings.role_name, regions[0]))
                    for account in members for region in regions]
    return ReviewScope(tuple(owners), owner_account, tuple(targets))


def _member_accounts(settings: ReviewsConfig, connector: Connector, owner: Target, profile: str | None,
                     endpoint: str | None) -> list[str]:
    """Explicit accounts, then the active accounts under the OUs (listed with the owner's
    credentials, or ``reviews.profile``'s, through ``reviews.roleArn`` when set), minus ``excludeAccounts``."""
    accounts = [account for account in settings.accounts if account not in settings.exclude_accounts]
    if settings.organizational_units:
        lister = replace(owner, profile=profile, endpoint_url=endpoint,
                         role_arn=settings.role_arn or (None if settings.profile else owner.role_arn))
        organizations = connector.client(lister, "organizations")
        accounts += accounts_under(organizations, settings.organizational_units, settings.exclude_accounts,
                                   Lister(lambda: connector.account_id(lister), "reviews.roleArn", settings.role_arn))
    return list(dict.fromkeys(accounts))
