"""Where to look for workloads: the owner's lens per Region and one target per (account, Region).

The owner is the configured publishing target (one account); the ``reviews`` section of
``walens.yaml`` adds accounts, by id or through AWS Organizations, reached by assuming ``roleName``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from publisher.errors import Refused, UsageError
from publisher.publish.config import ReviewsConfig, WalensConfig
from publisher.publish.org_accounts import Lister, accounts_under, member_role_arn
from publisher.publish.targets import Connector, Overrides, Target, resolve_targets


@dataclass(frozen=True)
class ReviewScope:
    """The owner target in each Region, and every account target in each Region (owner first).

    ``lister`` is the identity that reads the organisation (the owner's, ``reviews.profile``'s, or
    ``reviews.roleArn``); ``unconfigured`` says that walens.yaml names no account to read but the owner's."""

    owners: tuple[Target, ...]
    owner_account: str
    targets: tuple[Target, ...]
    lister: Target | None = None  # None: the owner's identity
    unconfigured: bool = False

    @property
    def organization_reader(self) -> Target:
        return self.lister or self.owners[0]

    @property
    def accounts(self) -> list[str]:
        return list(dict.fromkeys(target.name for target in self.targets))

    def only_accounts(self, accounts: Sequence[str]) -> ReviewScope:
        """The scope limited to ``accounts`` (``--account``); Refused naming any that is not in the scope."""
        unknown = [account for account in accounts if account not in self.accounts]
        if unknown:
            raise Refused(f"--account {', '.join(unknown)}: not among the accounts read "
                          f"({', '.join(self.accounts)})")
        return replace(self, targets=tuple(target for target in self.targets if target.name in accounts))


def owner_targets(config: WalensConfig, overrides: Overrides) -> list[Target]:
    """The configured publishing target, one per Region; more than one account is a usage error."""
    resolved = resolve_targets(config, overrides)
    names = sorted({target.name for target in resolved})
    if len(names) != 1:
        raise UsageError(f"reviews reads the lens of one owner account; the config selects targets {', '.join(names)}: "
                         "choose one with --target")
    return resolved


def review_scope(config: WalensConfig, overrides: Overrides, connector: Connector, *,
                 owner_only: bool = False) -> ReviewScope:
    """The owner and every account of ``config.reviews`` (none with ``owner_only``) in every Region
    (``--region`` first, then ``reviews.regions``, then the owner target's Regions)."""
    settings = config.reviews
    owners = owner_targets(config, replace(overrides, regions=overrides.regions or settings.regions))
    base = owners[0]
    owner_account = connector.account_id(base)
    owners = [replace(owner, name=owner_account) for owner in owners]
    regions = [owner.region for owner in owners]
    endpoint = overrides.endpoint_url or settings.endpoint_url or base.endpoint_url
    profile = overrides.profile or settings.profile or base.profile
    lister = replace(base, profile=profile, endpoint_url=endpoint,
                     role_arn=settings.role_arn or (None if settings.profile else base.role_arn))
    members = [] if owner_only else [account for account in _member_accounts(settings, connector, lister)
                                     if account != owner_account]
    targets = list(owners)
    if members:
        assert settings.role_name is not None  # the config requires roleName beside accounts and OUs
        targets += [Target(name=account, region=region, profile=profile, endpoint_url=endpoint,
                           role_arn=member_role_arn(account, settings.role_name, regions[0]))
                    for account in members for region in regions]
    return ReviewScope(tuple(owners), owner_account, tuple(targets), lister,
                       unconfigured=settings.owner_only and not owner_only)


def _member_accounts(settings: ReviewsConfig, connector: Connector, lister: Target) -> list[str]:
    """Explicit accounts, then the active accounts under the OUs (listed with the owner's
    credentials, or ``reviews.profile``'s, through ``reviews.roleArn`` when set), minus ``excludeAccounts``."""
    accounts = [account for account in settings.accounts if account not in settings.exclude_accounts]
    if settings.organizational_units:
        organizations = connector.client(lister, "organizations")
        accounts += accounts_under(organizations, settings.organizational_units, settings.exclude_accounts,
                                   Lister(lambda: connector.account_id(lister), "reviews.roleArn", settings.role_arn))
    return list(dict.fromkeys(accounts))
