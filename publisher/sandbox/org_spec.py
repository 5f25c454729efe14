"""The organisation file of ``walens sandbox --org``: OUs, member accounts and the roles walens needs.

```yaml
managementAccount: "123456789012"   # optional; the sandbox's default account
units:                              # OUs under the root, nested with `units`
  - name: workloads
    accounts: [team-checkout, team-analytics]
    units:
      - name: prod
        accounts: [payments]
accounts: [shared-services]         # optional: member accounts directly under the root
roles:                              # created in every member account; null: not created
  reviews: WalensReviewsReader      # default
  publish: WalensPublisher          # default
  trustedAccount: "123456789012"    # who may assume them; default: the management account
```

Every problem is reported, each naming its key path (``org.yaml: units[0].acounts: unknown key``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from publisher.errors import InputError, UsageError
from publisher.publish.config import ACCOUNT_RE, ROLE_NAME_RE

DEFAULT_MANAGEMENT = "123456789012"  # the account the sandbox serves for keys it did not issue
DEFAULT_ROLES = {"reviews": "WalensReviewsReader", "publish": "WalensPublisher"}
ACCOUNT_NAME_RE = re.compile(r"^[\x20-\x7e]{1,50}$")
UNIT_NAME_RE = re.compile(r"^[\x20-\x7e]{1,128}$")
_TOP_KEYS = ("managementAccount", "units", "accounts", "roles")
_UNIT_KEYS = ("name", "accounts", "units")
_ROLE_KEYS = ("reviews", "publish", "trustedAccount")


class OrgSpecError(InputError):
    """The organisation file is wrong; ``problems`` holds one line per bad key."""

    def __init__(self, file: str, problems: list[str]) -> None:
        super().__init__(f"{file}: {len(problems)} problem(s): " + "; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class UnitSpec:
    name: str
    accounts: tuple[str, ...] = ()
    units: tuple[UnitSpec, ...] = ()


@dataclass(frozen=True)
class OrgSpec:
    """What to create: the organisation's tree, and the roles of every member account."""

    management_account: str = DEFAULT_MANAGEMENT
    units: tuple[UnitSpec, ...] = ()
    accounts: tuple[str, ...] = ()
    roles: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_ROLES))  # kind -> role name
    trusted_account: str | None = None  # None: the management account

    @property
    def trusted(self) -> str:
        return self.trusted_account or self.management_account


class _Checker:
    """Reads the parsed YAML, collecting one problem per bad key instead of stopping at the first."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[str] = []

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{self.file}: {where or 'top level'}: {message}")

    def mapping(self, value: Any, where: str, allowed: tuple[str, ...]) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.problem(where, "expected a mapping")
            return {}
        for key in value:
            if key not in allowed:
                self.problem(f"{where}.{key}" if where else str(key), f"unknown key; allowed: {', '.join(allowed)}")
        return {key: item for key, item in value.items() if key in allowed}

    def string(self, value: Any, where: str, pattern: re.Pattern[str], what: str) -> str | None:
        if not isinstance(value, str) or not pattern.match(value):
            hint = " (quote it: YAML reads digits as a number)" if isinstance(value, int) else ""
            self.problem(where, f"expected {what}, got {value!r}{hint}")
            return None
        return value

    def items(self, value: Any, where: str, what: str) -> list[Any]:
        """The items of a list (none when absent); a problem when it is no list."""
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(where, f"expected a list of {what}")
            return []
        return value

    def names(self, value: Any, where: str) -> tuple[str, ...]:
        found = [self.string(item, f"{where}[{i}]", ACCOUNT_NAME_RE, "an account name of 1-50 characters")
                 for i, item in enumerate(self.items(value, where, "account names"))]
        return tuple(name for name in found if name is not None)

    def units(self, value: Any, where: str) -> tuple[UnitSpec, ...]:
        return tuple(self.unit(item, f"{where}[{i}]") for i, item in enumerate(self.items(value, where, "OUs")))

    def unit(self, value: Any, where: str) -> UnitSpec:
        entry = self.mapping(value, where, _UNIT_KEYS)
        if isinstance(value, dict) and "name" not in value:
            self.problem(f"{where}.name", "missing: every OU has a name")
        name = self.string(entry.get("name"), f"{where}.name", UNIT_NAME_RE, "an OU name of 1-128 characters") \
            if "name" in entry else None
        return UnitSpec(name or "", self.names(entry.get("accounts"), f"{where}.accounts"),
                        self.units(entry.get("units"), f"{where}.units"))

    def roles(self, value: Any) -> tuple[dict[str, str], str | None]:
        section = self.mapping(value, "roles", _ROLE_KEYS)
        roles = {}
        for kind, default in DEFAULT_ROLES.items():
            name = section.get(kind, default)
            if name is not None and self.string(name, f"roles.{kind}", ROLE_NAME_RE, "an IAM role name"):
                roles[kind] = name
        trusted = section.get("trustedAccount")
        if trusted is not None:
            trusted = self.string(trusted, "roles.trustedAccount", ACCOUNT_RE, "a 12-digit account id")
        return roles, trusted


def _account_names(units: tuple[UnitSpec, ...], where: str) -> list[tuple[str, str]]:
    """(name, key path) of every account below ``units``."""
    found = []
    for i, unit in enumerate(units):
        found += [(name, f"{where}[{i}].accounts[{j}]") for j, name in enumerate(unit.accounts)]
        found += _account_names(unit.units, f"{where}[{i}].units")
    return found


def parse_org_spec(text: str, file: str) -> OrgSpec:
    """Parse and check an organisation file; raises ``OrgSpecError`` listing every problem."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{mark.line + 1}:{mark.column + 1}" if mark else "1:1"
        raise InputError(f"invalid YAML: {getattr(exc, 'problem', exc)}", f"{file}:{where}") from exc
    checker = _Checker(file)
    top = checker.mapping(raw, "", _TOP_KEYS)
    management = top.get("managementAccount", DEFAULT_MANAGEMENT)
    management = checker.string(management, "managementAccount", ACCOUNT_RE, "a 12-digit account id")
    units = checker.units(top.get("units"), "units")
    accounts = checker.names(top.get("accounts"), "accounts")
    roles, trusted = checker.roles(top.get("roles"))
    seen: dict[str, str] = {}
    for name, where in [(name, f"accounts[{i}]") for i, name in enumerate(accounts)] + _account_names(units, "units"):
        if name in seen:
            checker.problem(where, f"account {name!r} is already listed at {seen[name]}")
        seen.setdefault(name, where)
    if checker.problems:
        raise OrgSpecError(file, checker.problems)
    return OrgSpec(management or DEFAULT_MANAGEMENT, units, accounts, roles, trusted)


def load_org_spec(path: Path) -> OrgSpec:
    """Read and check the organisation file at ``path``."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read the organisation file {path}: {getattr(exc, 'strerror', None) or exc}") from exc
    return parse_org_spec(text, str(path))
