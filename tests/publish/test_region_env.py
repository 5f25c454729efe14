"""Region from the environment as the AWS SDKs choose it, and the first error outside a project."""

from __future__ import annotations

from pathlib import Path

import pytest

from publisher.cli import main
from publisher.errors import ConfigError
from publisher.publish.config import load_config, parse_config
from publisher.publish.targets import Overrides, resolve_targets

ENVIRONMENT = ("AWS_DEFAULT_REGION", "AWS_REGION", "AWS_PROFILE")


@pytest.fixture
def no_region(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    return monkeypatch


def _regions(text: str) -> list[str]:
    return [t.region for t in resolve_targets(parse_config(text, Path("walens.yaml")), Overrides())]


def test_aws_region_is_honoured(no_region: pytest.MonkeyPatch) -> None:
    no_region.setenv("AWS_REGION", "eu-west-3")
    assert _regions("lens: x") == ["eu-west-3"]


def test_aws_region_wins_over_aws_default_region(no_region: pytest.MonkeyPatch) -> None:
    no_region.setenv("AWS_REGION", "eu-west-3")
    no_region.setenv("AWS_DEFAULT_REGION", "sa-east-1")
    assert _regions("lens: x") == ["eu-west-3"]


def test_configured_regions_win_over_the_environment(no_region: pytest.MonkeyPatch) -> None:
    no_region.setenv("AWS_REGION", "eu-west-3")
    assert _regions("lens: x\ntargets: [{name: prod, regions: [ap-south-1]}]\n") == ["ap-south-1"]


def test_a_configured_target_without_region_names_its_key(no_region: pytest.MonkeyPatch) -> None:
    with pytest.raises(ConfigError, match="target prod: no Region") as raised:
        _regions("lens: x\ntargets: [{name: prod}]\n")
    assert raised.value.key == "targets.prod.regions"


def test_outside_a_project_the_missing_walens_yaml_comes_first(no_region: pytest.MonkeyPatch,
                                                               tmp_path: Path) -> None:
    no_region.chdir(tmp_path)
    with pytest.raises(ConfigError) as raised:
        resolve_targets(load_config(None), Overrides())
    assert str(raised.value).startswith(f"no walens.yaml in {tmp_path}")


def test_plan_outside_a_project_exits_2_naming_walens_yaml(no_region: pytest.MonkeyPatch, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    no_region.chdir(tmp_path)
    with pytest.raises(SystemExit) as caught:
        main(["plan"])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("walens: error: no walens.yaml in") and "Traceback" not in err
