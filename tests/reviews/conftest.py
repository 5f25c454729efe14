"""A lens shared with an organisation whose member accounts review workloads with it, in two Regions."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from publisher.sandbox.steering import LocalSteering, RemoteSteering, Steering
from tests.publish import conftest as publish_fixtures
from tests.publish.conftest import Sandbox, walens

# The publishing tests' fixtures: the sandbox (in process and over HTTP) and a project aimed at it.
sandbox, project, example_release = publish_fixtures.sandbox, publish_fixtures.project, publish_fixtures.example_release

ROLE = "WalensReader"
REGIONS = ("us-east-1", "eu-west-1")
OWNER_ACCOUNT = "123456789012"
LENS_NAME = "Example Data Governance Lens"
TRUST = ('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", '
         '"Principal": {"AWS": "arn:aws:iam::123456789012:root"}}]}')


@dataclass
class Fleet:
    """The organisation (OU ``workloads`` holding accounts ``a`` and ``b``), the project and the lens."""

    sandbox: Sandbox
    project: Path
    organization: str
    unit: str
    members: dict[str, str]

    @property
    def steering(self) -> Steering:
        return RemoteSteering(self.sandbox.endpoint) if self.sandbox.endpoint else LocalSteering()

    def lens_arn(self, region: str = "us-east-1") -> str:
        return str(self.sandbox.lens(LENS_NAME, region=region)["PUBLISHED"]["LensArn"])

    def wa(self, account: str, region: str = "us-east-1") -> Any:
        return self.sandbox.client(region=region, account=None if account == OWNER_ACCOUNT else account)

    def workload(self, account: str, name: str, answers: dict[str, list[str]], region: str = "us-east-1",
                 lenses: list[str] | None = None) -> str:
        """A workload of ``account`` with the lens (or ``lenses``), answered as given."""
        wa = self.wa(account, region)
        arn = self.lens_arn(region)
        workload_id: str = wa.create_workload(
            WorkloadName=name, Description=f"{name} workload", Environment="PRODUCTION",
            ReviewOwner=f"{name}@example.com", AwsRegions=[region],
            Lenses=[arn] if lenses is None else lenses)["WorkloadId"]
        for question, choices in answers.items():
            wa.update_answer(WorkloadId=workload_id, LensAlias=arn, QuestionId=question, SelectedChoices=choices)
        return workload_id

    def other_lens(self, region: str = "us-east-1") -> str:
        """Another published lens of the owner (a renamed copy of the example lens), shared with the organisation."""
        from publisher.publish.release import build_release

        doc = dict(build_release(self.project / "lens", {}, validate=False).doc, name="Another Lens")
        wa = self.wa(OWNER_ACCOUNT, region)
        arn: str = wa.import_lens(JSONString=json.dumps(doc), ClientRequestToken="another")["LensArn"]
        wa.create_lens_version(LensAlias=arn, LensVersion="1.0", ClientRequestToken="another-1.0")
        wa.create_lens_share(LensAlias=arn, SharedWith=self.organization, ClientRequestToken="another-share")
        return arn

    def create_role(self, account: str, name: str = ROLE) -> None:
        iam = self.sandbox.client("iam")
        iam.meta.events.register("before-sign.iam", lambda request, **_: request.headers.__setitem__(
            "x-moto-account-id", account))
        iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST)

    def configure(self, reviews: str | None = None) -> None:
        """walens.yaml: the lens shared with the organisation, one target in both Regions, and ``reviews``."""
        endpoint = f"    endpointUrl: {self.sandbox.endpoint}\n" if self.sandbox.endpoint else ""
        section = reviews if reviews is not None else (
            f"reviews:\n  organizationalUnits: [{self.unit}]\n  roleName: {ROLE}\n")
        (self.project / "walens.yaml").write_text(
            f"lens: lens\nshares: {{organization: {self.organization}}}\n"
            f"targets:\n  - name: owner\n    regions: [{', '.join(REGIONS)}]\n{endpoint}{section}", encoding="utf-8")

    def publish_version(self, version: str, edit: Any = None) -> None:
        """Set lens.yaml's version (after ``edit`` of the project's lens folder) and publish it."""
        lens_yaml = self.project / "lens" / "lens.yaml"
        text = lens_yaml.read_text(encoding="utf-8")
        lens_yaml.write_text(text.replace(next(line for line in text.splitlines() if line.startswith("version:")),
                                          f'version: "{version}"'), encoding="utf-8")
        if edit is not None:
            edit(self.project / "lens")
        assert walens("publish", "--enable-org-sharing") == 0


@pytest.fixture
def fleet(sandbox: Sandbox, project: Path, capsys: pytest.CaptureFixture[str]) -> Fleet:
    """The organisation, and the example lens 1.0 published in both Regions and shared with it."""
    org = sandbox.client("organizations")
    organization = org.create_organization(FeatureSet="ALL")["Organization"]["Id"]
    root = org.list_roots()["Roots"][0]["Id"]
    unit = org.create_organizational_unit(ParentId=root, Name="workloads")["OrganizationalUnit"]["Id"]
    members = {}
    for name in ("a", "b"):
        account = org.create_account(AccountName=name, Email=f"{name}@example.com")["CreateAccountStatus"]["AccountId"]
        org.move_account(AccountId=account, SourceParentId=root, DestinationParentId=unit)
        members[name] = account
    fleet = Fleet(sandbox, project, organization, unit, members)
    fleet.configure()
    assert walens("publish", "--enable-org-sharing") == 0
    capsys.readouterr()
    return fleet


def run_json(capsys: pytest.CaptureFixture[str], *args: str, code: int = 0) -> dict[str, Any]:
    """``walens ARGS --format json`` parsed; asserts the exit code."""
    assert walens(*args, "--format", "json") == code, capsys.readouterr().err
    result: dict[str, Any] = json.loads(capsys.readouterr().out)
    return result


def major_change(lens_dir: Path) -> None:
    """Lens 2.0: gov_enc_rotation is removed (NO_RISK needs KMS and key policies), and an owner tag
    alone becomes HIGH risk on gov_ownership (only the tag policy keeps MEDIUM)."""
    encryption = lens_dir / "governance" / "gov_encryption.md"
    text = encryption.read_text(encoding="utf-8")
    text = text.replace("  - id: gov_enc_rotation\n    title: Customer managed keys rotate automatically\n", "")
    text = text.replace("{all: [gov_enc_kms, gov_enc_rotation, gov_enc_access]}",
                        "{all: [gov_enc_kms, gov_enc_access]}")
    head, rest = text.split("## gov_enc_rotation", 1)
    encryption.write_text(head + "## gov_enc_access" + rest.split("## gov_enc_access", 1)[1], encoding="utf-8")
    ownership = lens_dir / "governance" / "gov_ownership.md"
    ownership.write_text(ownership.read_text(encoding="utf-8").replace(
        "(gov_own_tags || gov_own_policy) && !gov_own_no", "gov_own_policy && !gov_own_no"), encoding="utf-8")
