"""Getting started from what exists: adopt a lens published by hand, and the next plan does nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.publish.conftest import REPO, Sandbox, walens


def publish_by_hand(sandbox: Sandbox) -> str:
    """The example lens, imported, published as 3.2 and tagged with plain boto3, as a team would have."""
    wa = sandbox.client()
    doc = json.loads((REPO / "build" / "example.json").read_text(encoding="utf-8"))
    arn = wa.import_lens(JSONString=json.dumps(doc))["LensArn"]
    wa.create_lens_version(LensAlias=arn, LensVersion="3.2", IsMajorVersion=True)
    wa.tag_resource(WorkloadArn=arn, Tags={"owner": "platform-team"})
    return str(arn)


def test_adopted_lens_plans_nothing(project: Path, sandbox: Sandbox, capsys: pytest.CaptureFixture[str]) -> None:
    arn = publish_by_hand(sandbox)
    (project / "walens.yaml").write_text(yaml.safe_dump(
        {"targets": [{"name": "sandbox", "regions": ["us-east-1"],
                      **({"endpointUrl": sandbox.endpoint} if sandbox.endpoint else {})}]}), encoding="utf-8")
    assert walens("decompile", "published", "adopted", "--lens-name", "Example Data Governance Lens") == 0
    assert f"adopted {arn} (published 3.2)" in capsys.readouterr().out
    config = yaml.safe_load((project / "walens.yaml").read_text(encoding="utf-8"))
    assert config["lens"] == "adopted" and config["targets"][0]["lensArn"] == {"us-east-1": arn}
    lens_yaml = yaml.safe_load((project / "adopted" / "lens.yaml").read_text(encoding="utf-8"))
    assert (lens_yaml["version"], lens_yaml["tags"]) == ("3.2", {"owner": "platform-team"})
    writes = len(sandbox.writes())
    assert walens("plan") == 0
    out = capsys.readouterr().out
    assert "(nothing to do)" in out and "Plan: nothing to do." in out
    assert walens("publish") == 0
    assert len(sandbox.writes()) == writes  # adopting and publishing the adopted lens wrote nothing


@pytest.mark.parametrize(("args", "message"), [
    (["published", "out"], "needs exactly one of --lens-name and --lens-arn"),
    (["published", "out", "--lens-name", "Nope"], "no lens named 'Nope'"),
    (["lens.json", "out", "--lens-name", "x"], "--lens-name and --lens-arn go with published or draft"),
])
def test_adoption_usage_errors(project: Path, sandbox: Sandbox, capsys: pytest.CaptureFixture[str], args: list[str],
                               message: str) -> None:
    (project / "lens.json").write_text((REPO / "build" / "example.json").read_text(encoding="utf-8"), encoding="utf-8")
    assert walens("decompile", *args, "--region", "us-east-1") == 2
    assert message in capsys.readouterr().err
