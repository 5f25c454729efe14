"""walens.yaml parsing: targets, allowlist, tags, and clear errors naming the key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from publisher.cli import main
from publisher.cli_exit import exit_code_for
from publisher.errors import WalensError
from publisher.publish.config import load_config, parse_config, principal_kind
from publisher.publish.targets import Overrides, resolve_targets

GOOD = """
lens: lens_src/example
tags: {team: platform, cost-centre: 42}
shares:
  accounts: ["222222222222", "333333333333"]
  organizationalUnits: [ou-ab12-cdef3456]
  organization: o-abcdef1234
targets:
  - name: dev
    profile: dev
    regions: [us-east-1, eu-west-1]
    shares: ["222222222222"]
  - name: prod
    roleArn: arn:aws:iam::444444444444:role/walens
    regions: [us-east-1]
    endpointUrl: http://127.0.0.1:5000
    lensArn:
      us-east-1: arn:aws:wellarchitected:us-east-1:444444444444:lens/0123456789abcdef0123456789abcdef
"""


def parse(text: str):
    return parse_config(text, Path("/repo/walens.yaml"))


def test_parses_targets_shares_and_tags() -> None:
    config = parse(GOOD)
    assert config.lens_dir == Path("/repo/lens_src/example")
    assert config.tags == {"team": "platform", "cost-centre": "42"}
    assert config.share_allowlist == {"222222222222", "333333333333", "ou-ab12-cdef3456", "o-abcdef1234"}
    dev, prod = config.targets
    assert (dev.profile, dev.regions, dev.role_arn) == ("dev", ("us-east-1", "eu-west-1"), None)
    assert config.desired_shares(dev) == {"222222222222"}
    assert config.desired_shares(prod) == config.share_allowlist
    assert prod.lens_arns["us-east-1"].endswith("/0123456789abcdef0123456789abcdef")
    assert config.backup_dir == Path("/repo/.walens/backups")


@pytest.mark.parametrize(("text", "message"), [
    ("targets: [{name: a, shares: ['999999999999']}]", "targets[0].shares: 999999999999 not in the top-level"),
    ("shares: {accounts: ['12345']}", "shares.accounts[0]: '12345' does not match"),
    ("targets: [{name: a, regions: us-east-1}]", "targets[0].regions: expected a list"),
    ("targets: [{name: a, roleArn: admin}]", "targets[0].roleArn: 'admin' does not match"),
    ("targets: [{name: a}, {name: a}]", "duplicate target name(s): a"),
    ("targets: [{name: a, profil: x}]", "targets[0]: unknown key(s) profil"),
    ("tags: {'walens:commit': x}", "must be 1-128 characters and not start with walens:"),
    ("shares: [1", "walens.yaml:1:"),
    ("targets: [{name: a, organizationRoleArn: 'arn:aws:iam::111111111111:role/o'}]",
     "targets[0].organizationRoleArn: lists the accounts of organizationalUnits, which this target does not name"),
    ("targets: [{name: a, organizationalUnits: [ou-ab12-cdef3456], roleName: r, organizationRoleArn: x}]",
     "targets[0].organizationRoleArn: 'x' does not match"),
    ("reviews: {accounts: ['111111111111'], roleName: r, roleArn: 'arn:aws:iam::111111111111:role/o'}",
     "reviews.roleArn: lists the accounts of organizationalUnits, which reviews does not name"),
    ("reviews: {organizationalUnits: [ou-ab12-cdef3456], roleName: r, roleArn: [x]}",
     "reviews.roleArn: expected a non-empty string"),
    ("reviews: {tags: team}", "reviews.tags: expected a list"),
    ("reviews: {tags: [team, 42]}", "reviews.tags[1]: expected a string, got the number 42"),
    ("reviews: {tags: ['team*']}", "reviews.tags[0]: 'team*' does not match"),
    ("reviews: {tags: [team, env, team]}", "reviews.tags: tag key(s) team listed twice"),
])
def test_rejects_bad_config_with_the_key_in_the_message(text: str, message: str) -> None:
    with pytest.raises(WalensError) as caught:
        parse(text)
    assert message in caught.value.message
    assert exit_code_for(caught.value) == 2


def test_organization_roles_are_read_for_targets_and_reviews() -> None:
    config = parse("targets:\n  - {name: fleet, organizationalUnits: [ou-ab12-cdef3456], roleName: p,\n"
                   "     organizationRoleArn: 'arn:aws:iam::111111111111:role/org-reader'}\n"
                   "reviews: {organizationalUnits: [ou-ab12-cdef3456], roleName: r,\n"
                   "          roleArn: 'arn:aws:iam::111111111111:role/org-reader'}\n")
    assert config.targets[0].organization_role_arn == "arn:aws:iam::111111111111:role/org-reader"
    assert config.reviews.role_arn == "arn:aws:iam::111111111111:role/org-reader"


def test_reviews_tags_are_read_in_order_and_owner_only_is_known() -> None:
    config = parse("reviews: {tags: [team, 'cost:centre', environment]}\n")
    assert config.reviews.tags == ("team", "cost:centre", "environment")
    assert config.reviews.owner_only
    assert parse("reviews: {accounts: ['111111111111'], roleName: r}").reviews.owner_only is False
    assert parse("reviews: {organizationalUnits: [ou-ab12-cdef3456], roleName: r}").reviews.owner_only is False


def test_principal_kinds() -> None:
    assert principal_kind("123456789012") == "account"
    assert principal_kind("ou-ab12-cdef3456") == "ou"
    assert principal_kind("o-abcdef1234") == "organization"
    with pytest.raises(ValueError, match="not a 12-digit account id"):
        principal_kind("arn:aws:iam::123456789012:root")


def test_missing_explicit_config_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(WalensError, match="not found"):
        load_config(tmp_path / "nope.yaml")


def test_cli_overrides_win_over_config() -> None:
    config = parse(GOOD)
    targets = resolve_targets(config, Overrides(targets=("dev",), profile="other", regions=("ap-south-1",),
                                                endpoint_url="http://localhost:1"))
    assert [(t.label, t.profile, t.endpoint_url) for t in targets] == [("dev/ap-south-1", "other", "http://localhost:1")]


def test_one_target_per_region_with_the_region_lens_arn() -> None:
    targets = resolve_targets(parse(GOOD), Overrides())
    assert [t.label for t in targets] == ["dev/us-east-1", "dev/eu-west-1", "prod/us-east-1"]
    assert targets[2].lens_arn is not None and targets[0].lens_arn is None


def test_unknown_target_is_refused() -> None:
    with pytest.raises(WalensError, match="unknown target"):
        resolve_targets(parse(GOOD), Overrides(targets=("staging",)))


def test_region_falls_back_to_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "sa-east-1")
    monkeypatch.delenv("AWS_REGION", raising=False)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    targets = resolve_targets(parse("lens: x"), Overrides())
    assert [t.label for t in targets] == ["default/sa-east-1"]


def test_no_region_anywhere_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("AWS_DEFAULT_REGION", "AWS_REGION", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    with pytest.raises(WalensError, match="no Region"):
        resolve_targets(parse("lens: x"), Overrides())


def test_repository_config_is_valid() -> None:
    config = load_config(Path(__file__).parents[2] / "walens.yaml")
    assert config.targets and config.lens_dir.is_dir()


@pytest.mark.parametrize(("config", "key", "message"), [
    ("targets: []\n", "targets", "targets: is empty"),
    ("shares: {accounts: [222222222222]}\n", "shares.accounts[0]", "quote it"),
    ("lens: nowhere\ntargets: [{name: a, regions: [us-east-1]}]\n", "lens", "walens.yaml: lens: lens source folder"),
])
def test_config_errors_honour_format_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str], config: str, key: str,
                                          message: str) -> None:
    (tmp_path / "walens.yaml").write_text(config, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as caught:
        main(["plan", "--format", "json"])
    assert caught.value.code == 2
    captured = capsys.readouterr()
    error = json.loads(captured.out)["error"]
    assert (error["key"], error["exitCode"], error["kind"]) == (key, 2, "ConfigError")
    assert message in error["message"] and message in captured.err
