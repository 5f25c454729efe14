"""Create the organisation an ``OrgSpec`` describes in a running sandbox, through the AWS APIs.

The management account creates the organization, its OUs and member accounts (moto gives each a
random id); in every member account the roles of ``spec.roles`` are created, trusted by
``spec.trusted``, each with the inline policy walens prints for it (``walens-reviews``:
``iam-policy --reviews --apply``; ``walens-publish``: ``iam-policy`` for that account).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from publisher.errors import OperationFailed, Refused
from publisher.iam import PolicyScope, build_policy
from publisher.iam_reviews import Where, build_reviews_policy

from .harness import Sandbox
from .org_spec import OrgSpec, UnitSpec


@dataclass(frozen=True)
class SeededAccount:
    name: str
    id: str
    unit: str  # the OU path (``workloads/prod``); empty under the root


@dataclass(frozen=True)
class SeededOrg:
    """What was created: ids to put in walens.yaml."""

    organization_id: str
    management_account: str
    root_id: str
    units: dict[str, str]  # OU path -> OU id, parents first
    accounts: tuple[SeededAccount, ...]
    roles: dict[str, str]  # kind (reviews, publish) -> role name
    trusted_account: str

    def account(self, name: str) -> SeededAccount:
        return next(account for account in self.accounts if account.name == name)

    def role_arn(self, account_id: str, kind: str) -> str:
        return f"arn:aws:iam::{account_id}:role/{self.roles[kind]}"

    def summary(self) -> str:
        """The ids, and the walens.yaml ``reviews`` section that reads the whole organisation."""
        lines = [f"organization {self.organization_id}, management account {self.management_account}, "
                 f"root {self.root_id}"]
        lines += [f"  OU {path}: {unit}" for path, unit in self.units.items()]
        lines += [f"  account {a.name}: {a.id} in {a.unit or 'the root'}" for a in self.accounts]
        if self.roles:
            roles = ", ".join(f"{name} ({kind})" for kind, name in self.roles.items())
            lines.append(f"  roles in every member account: {roles}, trusting account {self.trusted_account}")
        top = [unit for path, unit in self.units.items() if "/" not in path]
        if top and "reviews" in self.roles:
            lines += ["walens.yaml, to read the reviews of every account of the OUs:", "  reviews:",
                      f"    organizationalUnits: [{', '.join(top)}]", f"    roleName: {self.roles['reviews']}"]
        return "\n".join(lines) + "\n"


def _trust_policy(account: str) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": f"arn:aws:iam::{account}:root"}}]})


def _role_policy(kind: str, account: str) -> dict[str, Any]:
    if kind == "reviews":
        return build_reviews_policy(apply=True, where=(Where.MEMBER,), account=account)
    return build_policy(PolicyScope(accounts=(account,)))


class _Seeder:
    def __init__(self, sandbox: Sandbox, spec: OrgSpec) -> None:
        self.sandbox = sandbox
        self.spec = spec
        self.orgs = sandbox.client("organizations", account=spec.management_account)
        self.units: dict[str, str] = {}
        self.accounts: list[SeededAccount] = []

    def tree(self, units: tuple[UnitSpec, ...], parent: str, root: str, path: str) -> None:
        for unit in units:
            unit_path = f"{path}/{unit.name}" if path else unit.name
            created = self.orgs.create_organizational_unit(ParentId=parent, Name=unit.name)["OrganizationalUnit"]
            self.units[unit_path] = created["Id"]
            self.members(unit.accounts, created["Id"], root, unit_path)
            self.tree(unit.units, created["Id"], root, unit_path)

    def members(self, names: tuple[str, ...], parent: str, root: str, path: str) -> None:
        for name in names:
            status = self.orgs.create_account(AccountName=name, Email=f"{name}@example.com")["CreateAccountStatus"]
            account = status["AccountId"]
            if parent != root:
                self.orgs.move_account(AccountId=account, SourceParentId=root, DestinationParentId=parent)
            self.accounts.append(SeededAccount(name, account, path))
            self.roles(account)

    def roles(self, account: str) -> None:
        iam = self.sandbox.iam_client(account)
        for kind, name in self.spec.roles.items():
            self.sandbox.create_role(account, name, _trust_policy(self.spec.trusted))
            iam.put_role_policy(RoleName=name, PolicyName=f"walens-{kind}",
                                PolicyDocument=json.dumps(_role_policy(kind, account)))


def seed_organisation(sandbox: Sandbox, spec: OrgSpec) -> SeededOrg:
    """Create ``spec`` in ``sandbox``; refuses when the management account already has an organization."""
    from botocore.exceptions import BotoCoreError, ClientError

    from publisher.publish.awserrors import describe, error_code

    try:
        seeder = _Seeder(sandbox, spec)
        try:
            organization = seeder.orgs.create_organization(FeatureSet="ALL")["Organization"]["Id"]
        except ClientError as exc:
            if error_code(exc) != "AlreadyInOrganizationException":
                raise
            raise Refused(f"account {spec.management_account} is already in an organization: seed a fresh "
                          "sandbox (or reset it)") from exc
        root = seeder.orgs.list_roots()["Roots"][0]["Id"]
        seeder.members(spec.accounts, root, root, "")
        seeder.tree(spec.units, root, root, "")
    except (BotoCoreError, ClientError) as exc:
        raise OperationFailed(f"cannot create the sandbox organisation: {describe(exc)}") from exc
    return SeededOrg(organization, spec.management_account, root, seeder.units, tuple(seeder.accounts),
                     dict(spec.roles), spec.trusted)
