"""``walens.yaml``: the lens to publish, the targets to publish it to, the share allowlist and tags.

Nothing secret lives here: targets name AWS profiles or role ARNs, never keys.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from publisher.errors import ConfigError

DEFAULT_CONFIG = "walens.yaml"

ACCOUNT_RE = re.compile(r"^\d{12}$")
OU_RE = re.compile(r"^ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}$")
ORG_RE = re.compile(r"^o-[0-9a-z]{10,32}$")
ROLE_ARN_RE = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]{1,512}$")
LENS_ARN_RE = re.compile(r"^arn:aws[a-z-]*:wellarchitected:[a-z0-9-]+:\d{12}:lens/[0-9a-zA-Z]+$")
REGION_RE = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d$")
TARGET_NAME_RE = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


def principal_kind(principal: str) -> str:
    """``account``, ``ou`` or ``organization``; raises ValueError for anything else."""
    if ACCOUNT_RE.match(principal):
        return "account"
    if OU_RE.match(principal):
        return "ou"
    if ORG_RE.match(principal):
        return "organization"
    raise ValueError(f"{principal!r} is not a 12-digit account id, an OU id (ou-...) or an organization id (o-...)")


@dataclass(frozen=True)
class TargetConfig:
    """One entry of ``targets``: an account reached through a profile and/or a role, in some Regions."""

    name: str
    profile: str | None = None
    role_arn: str | None = None
    regions: tuple[str, ...] = ()
    endpoint_url: str | None = None
    lens_arns: Mapping[str, str] = field(default_factory=dict)
    shares: frozenset[str] | None = None  # None: every principal of the allowlist
    #: Account discovery: every active account under these OUs, reached through ``role_name``.
    organizational_units: tuple[str, ...] = ()
    role_name: str | None = None
    exclude_accounts: frozenset[str] = frozenset()
    #: The role (in the management account) assumed to list the accounts of ``organizational_units``.
    organization_role_arn: str | None = None


@dataclass(frozen=True)
class ReviewsConfig:
    """The ``reviews`` section: where ``walens reviews`` and ``upgrade-reviews`` look for workloads.

    The owner account (the configured target) is always included; ``accounts`` and the active
    accounts under ``organizational_units`` are reached by assuming ``role_name`` in each; they are
    listed with ``role_arn`` (a role in the management account) when set.
    """

    accounts: tuple[str, ...] = ()
    organizational_units: tuple[str, ...] = ()
    role_name: str | None = None
    regions: tuple[str, ...] = ()
    exclude_accounts: frozenset[str] = frozenset()
    profile: str | None = None
    endpoint_url: str | None = None
    role_arn: str | None = None
    #: Workload tag keys shown as columns (and usable with ``--group-by tag:KEY``).
    tags: tuple[str, ...] = ()

    @property
    def owner_only(self) -> bool:
        """No account but the owner's is configured: neither ``accounts`` nor ``organizationalUnits``."""
        return not (self.accounts or self.organizational_units)


@dataclass(frozen=True)
class WalensConfig:
    """The whole configuration, with paths resolved against the config file's folder."""

    root: Path
    lens_dir: Path
    tags: Mapping[str, str]
    share_allowlist: frozenset[str]
    targets: tuple[TargetConfig, ...]
    #: Where ``lens_dir`` was set, for messages: ``walens.yaml: lens``, ``--lens`` or the default.
    lens_origin: str = "the default lens folder (no walens.yaml here)"
    reviews: ReviewsConfig = field(default_factory=ReviewsConfig)

    @property
    def backup_dir(self) -> Path:
        return self.root / ".walens" / "backups"

    def desired_shares(self, target: TargetConfig) -> frozenset[str]:
        return self.share_allowlist if target.shares is None else target.shares

    def with_lens_dir(self, lens_dir: Path) -> WalensConfig:
        return replace(self, lens_dir=lens_dir, lens_origin="--lens")

    def existing_lens_dir(self) -> Path:
        """``lens_dir``; a ConfigError naming where it was set when it is not a folder."""
        if not self.lens_dir.is_dir():
            raise ConfigError(f"{self.lens_origin}: lens source folder {self.lens_dir} not found",
                              key="lens" if self.lens_origin.endswith(": lens") else "")
        return self.lens_dir


class _Reader:
    """Typed access to the parsed YAML that reports problems as ``walens.yaml: a.b[2]: message``."""

    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, where: str, message: str) -> ConfigError:
        return ConfigError(f"{self.file}: {where}: {message}", key=where)

    def mapping(self, value: Any, where: str, allowed: frozenset[str]) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.fail(where, "expected a mapping")
        unknown = sorted(str(key) for key in value if key not in allowed)
        if unknown:
            raise self.fail(where, f"unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}")
        return value

    def string(self, value: Any, where: str, pattern: re.Pattern[str] | None = None) -> str:
        if isinstance(value, int | float) and not isinstance(value, bool):
            raise self.fail(where, f"expected a string, got the number {value!r}: quote it (\"{value}\") so YAML "
                            "keeps it as written, leading zeros included")
        if not isinstance(value, str) or not value:
            raise self.fail(where, "expected a non-empty string")
        if pattern is not None and not pattern.match(value):
            raise self.fail(where, f"{value!r} does not match {pattern.pattern}")
        return value

    def optional_string(self, value: Any, where: str, pattern: re.Pattern[str] | None = None) -> str | None:
        return None if value is None else self.string(value, where, pattern)

    def strings(self, value: Any, where: str, pattern: re.Pattern[str] | None = None) -> tuple[str, ...]:
        if value is None:
            return ()
        if isinstance(value, str) or not isinstance(value, list):
            raise self.fail(where, "expected a list")
        return tuple(self.string(item, f"{where}[{i}]", pattern) for i, item in enumerate(value))

    def tags(self, value: Any, where: str) -> dict[str, str]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.fail(where, "expected a mapping of tag keys to string values")
        out: dict[str, str] = {}
        for key, tag_value in value.items():
            if not isinstance(key, str) or not 1 <= len(key) <= 128 or key.startswith("walens:"):
                raise self.fail(where, f"tag key {key!r} must be 1-128 characters and not start with walens:")
            if not isinstance(tag_value, str | int | float) or isinstance(tag_value, bool):
                raise self.fail(f"{where}.{key}", "tag values must be strings")
            out[key] = str(tag_value)
        return out


def _read_allowlist(reader: _Reader, raw: Any) -> frozenset[str]:
    shares = reader.mapping(raw, "shares", frozenset({"accounts", "organizationalUnits", "organization"}))
    principals = [
        *reader.strings(shares.get("accounts"), "shares.accounts", ACCOUNT_RE),
        *reader.strings(shares.get("organizationalUnits"), "shares.organizationalUnits", OU_RE),
    ]
    organization = reader.optional_string(shares.get("organization"), "shares.organization", ORG_RE)
    if organization:
        principals.append(organization)
    return frozenset(principals)


_TARGET_KEYS = frozenset({"name", "profile", "roleArn", "regions", "endpointUrl", "lensArn", "shares",
                          "organizationalUnits", "roleName", "excludeAccounts", "organizationRoleArn"})
ROLE_NAME_RE = re.compile(r"^[\w+=,.@/-]{1,64}$")


def _read_target(reader: _Reader, raw: Any, where: str, allowlist: frozenset[str]) -> TargetConfig:
    entry = reader.mapping(raw, where, _TARGET_KEYS)
    name = reader.string(entry.get("name"), f"{where}.name", TARGET_NAME_RE)
    regions = reader.strings(entry.get("regions"), f"{where}.regions", REGION_RE)
    lens_arns = entry.get("lensArn") or {}
    if not isinstance(lens_arns, dict):
        raise reader.fail(f"{where}.lensArn", "expected a mapping of Region to lens ARN")
    shares = None
    if "shares" in entry:
        shares = frozenset(reader.strings(entry["shares"], f"{where}.shares"))
        outside = sorted(shares - allowlist)
        if outside:
            raise reader.fail(f"{where}.shares", f"{', '.join(outside)} not in the top-level shares allowlist")
    units = reader.strings(entry.get("organizationalUnits"), f"{where}.organizationalUnits", OU_RE)
    role_name = reader.optional_string(entry.get("roleName"), f"{where}.roleName", ROLE_NAME_RE)
    excluded = frozenset(reader.strings(entry.get("excludeAccounts"), f"{where}.excludeAccounts", ACCOUNT_RE))
    if units and not role_name:
        raise reader.fail(f"{where}.roleName", "organizationalUnits needs roleName: the role to assume in each "
                          "account found")
    if (role_name or excluded) and not units:
        raise reader.fail(f"{where}.organizationalUnits", "roleName and excludeAccounts go with "
                          "organizationalUnits (for one account, use roleArn)")
    organization_role = reader.optional_string(entry.get("organizationRoleArn"), f"{where}.organizationRoleArn",
                                               ROLE_ARN_RE)
    if organization_role and not units:
        raise reader.fail(f"{where}.organizationRoleArn", "lists the accounts of organizationalUnits, which this "
                          "target does not name")
    for key in ("roleArn", "lensArn"):
        if units and key in entry:
            raise reader.fail(f"{where}.{key}", f"{key} names one account; a target with organizationalUnits "
                              "reaches many")
    return TargetConfig(
        organizational_units=units,
        role_name=role_name,
        exclude_accounts=excluded,
        organization_role_arn=organization_role,
        name=name,
        profile=reader.optional_string(entry.get("profile"), f"{where}.profile"),
        role_arn=reader.optional_string(entry.get("roleArn"), f"{where}.roleArn", ROLE_ARN_RE),
        regions=regions,
        endpoint_url=reader.optional_string(entry.get("endpointUrl"), f"{where}.endpointUrl"),
        lens_arns={reader.string(region, f"{where}.lensArn", REGION_RE):
                   reader.string(arn, f"{where}.lensArn.{region}", LENS_ARN_RE)
                   for region, arn in lens_arns.items()},
        shares=shares,
    )


_REVIEWS_KEYS = frozenset({"accounts", "organizationalUnits", "roleName", "regions", "excludeAccounts", "profile",
                           "endpointUrl", "roleArn", "tags"})
#: A workload tag key as the service takes it (TagKey: 1 to 128 characters of this class).
TAG_KEY_RE = re.compile(r"^[a-zA-Z0-9\s_.:/=+\-@]{1,128}$")


def _read_tag_keys(reader: _Reader, raw: Any) -> tuple[str, ...]:
    keys = reader.strings(raw, "reviews.tags", TAG_KEY_RE)
    repeated = sorted({key for key in keys if keys.count(key) > 1})
    if repeated:
        raise reader.fail("reviews.tags", f"tag key(s) {', '.join(repeated)} listed twice")
    return keys


def _read_reviews(reader: _Reader, raw: Any) -> ReviewsConfig:
    section = reader.mapping(raw, "reviews", _REVIEWS_KEYS)
    accounts = reader.strings(section.get("accounts"), "reviews.accounts", ACCOUNT_RE)
    units = reader.strings(section.get("organizationalUnits"), "reviews.organizationalUnits", OU_RE)
    role_name = reader.optional_string(section.get("roleName"), "reviews.roleName", ROLE_NAME_RE)
    if (accounts or units) and not role_name:
        raise reader.fail("reviews.roleName", "accounts and organizationalUnits need roleName: the role to assume "
                          "in each account")
    role_arn = reader.optional_string(section.get("roleArn"), "reviews.roleArn", ROLE_ARN_RE)
    if role_arn and not units:
        raise reader.fail("reviews.roleArn", "lists the accounts of organizationalUnits, which reviews does not name")
    return ReviewsConfig(
        accounts=tuple(dict.fromkeys(accounts)),
        organizational_units=units,
        role_name=role_name,
        regions=tuple(dict.fromkeys(reader.strings(section.get("regions"), "reviews.regions", REGION_RE))),
        exclude_accounts=frozenset(reader.strings(section.get("excludeAccounts"), "reviews.excludeAccounts",
                                                  ACCOUNT_RE)),
        profile=reader.optional_string(section.get("profile"), "reviews.profile"),
        endpoint_url=reader.optional_string(section.get("endpointUrl"), "reviews.endpointUrl"),
        role_arn=role_arn,
        tags=_read_tag_keys(reader, section.get("tags")),
    )


def parse_config(text: str, file: Path) -> WalensConfig:
    """Parse and check the text of a config file; every problem names the file and the key."""
    reader = _Reader(file.name)
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{mark.line + 1}:{mark.column + 1}" if mark else "1:1"
        raise ConfigError(f"{file.name}:{where}: invalid YAML: {getattr(exc, 'problem', exc)}") from exc
    top = reader.mapping(raw, "top level", frozenset({"lens", "tags", "shares", "targets", "reviews"}))
    allowlist = _read_allowlist(reader, top.get("shares"))
    raw_targets = top.get("targets") or []
    if not isinstance(raw_targets, list):
        raise reader.fail("targets", "expected a list")
    if "targets" in top and not raw_targets:
        raise reader.fail("targets", "is empty: list at least one target, or remove the key to use the ambient "
                          "AWS credentials as the one implicit target")
    targets = tuple(_read_target(reader, item, f"targets[{i}]", allowlist) for i, item in enumerate(raw_targets))
    names = [target.name for target in targets]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise reader.fail("targets", f"duplicate target name(s): {', '.join(duplicates)}")
    root = file.resolve().parent
    return WalensConfig(
        root=root,
        lens_dir=root / reader.string(top.get("lens", "lens_src/eks"), "lens"),
        tags=reader.tags(top.get("tags"), "tags"),
        share_allowlist=allowlist,
        targets=targets,
        lens_origin=f"{file.name}: lens",
        reviews=_read_reviews(reader, top.get("reviews")),
    )


def load_config(path: Path | None) -> WalensConfig:
    """Load ``path``, or ``./walens.yaml`` when it exists, or an empty config (one implicit target)."""
    candidate = path or Path(DEFAULT_CONFIG)
    if not candidate.is_file():
        if path is not None:
            raise ConfigError(f"config file {path} not found")
        return WalensConfig(root=Path.cwd(), lens_dir=Path.cwd() / "lens_src" / "eks", tags={},
                            share_allowlist=frozenset(), targets=())
    try:
        text = candidate.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read {candidate}: {exc.strerror}") from exc
    return parse_config(text, candidate)
