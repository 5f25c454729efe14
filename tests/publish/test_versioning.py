"""Version policy: bump kinds, next versions, agreement with the diff classification, never reuse."""

from __future__ import annotations

import pytest

from publisher.publish.versioning import (
    VersionPolicyError,
    bump_kind,
    decide_version,
    next_version,
)


@pytest.mark.parametrize(("old", "new", "kind"), [
    ("1.0", "2.0", "major"), ("1.9", "2", "major"), ("1.0", "1.1", "minor"), ("1.3.6", "1.4", "minor"),
    ("1.3.6", "1.3.7", "minor"), ("1.0", "1.0.1", "minor"), ("1", "1.1", "minor"),
])
def test_bump_kind(old: str, new: str, kind: str) -> None:
    assert bump_kind(old, new) == kind


@pytest.mark.parametrize(("old", "new"), [("1.1", "1.0"), ("1.0", "1"), ("2.0", "1.9"), ("1.0", "1.0")])
def test_versions_must_increase(old: str, new: str) -> None:
    with pytest.raises(VersionPolicyError, match="does not increase"):
        bump_kind(old, new)


@pytest.mark.parametrize("bad", ["1.0-rc1", "v 1", "", "1" * 33])
def test_service_pattern(bad: str) -> None:
    with pytest.raises(VersionPolicyError, match="must match"):
        bump_kind("1.0", bad)


def test_non_numeric_versions_cannot_be_classified() -> None:
    with pytest.raises(VersionPolicyError, match="not MAJOR"):
        bump_kind("1.0", "2024a")


@pytest.mark.parametrize(("old", "bump", "new"), [
    ("1.0", "minor", "1.1"), ("1.3.6", "minor", "1.3.7"), ("3", "minor", "3.1"), ("1.3.6", "major", "2.0"),
])
def test_next_version(old: str, bump: str, new: str) -> None:
    assert next_version(old, bump) == new  # type: ignore[arg-type]


def never(_version: str) -> bool:
    return False


def test_declared_version_used_when_it_agrees() -> None:
    decision = decide_version(declared="2.0", published="1.4", classification="major", auto_bump=False,
                              version_exists=never)
    assert (decision.version, decision.is_major) == ("2.0", True)


def test_major_change_without_major_bump_is_refused_with_a_hint() -> None:
    with pytest.raises(VersionPolicyError, match=r"minor bump from 1.0, but the change is major.*\"2.0\""):
        decide_version(declared="1.1", published="1.0", classification="major", auto_bump=False,
                       version_exists=never)


def test_minor_change_with_major_bump_is_refused() -> None:
    with pytest.raises(VersionPolicyError, match=r"major bump from 1\.0, but the change is minor"):
        decide_version(declared="2.0", published="1.0", classification="minor", auto_bump=False,
                       version_exists=never)


def test_auto_bump_skips_used_versions() -> None:
    used = {"1.1", "1.2"}
    decision = decide_version(declared="1.0", published="1.0", classification="minor", auto_bump=True,
                              version_exists=used.__contains__)
    assert (decision.version, decision.is_major) == ("1.3", False)
    assert "auto-bumped to 1.3: set version: \"1.3\" in lens.yaml" in decision.note


def test_reused_version_is_refused() -> None:
    with pytest.raises(VersionPolicyError, match="already published"):
        decide_version(declared="1.1", published="1.0", classification="minor", auto_bump=False,
                       version_exists={"1.1"}.__contains__)


def test_first_version_takes_the_declared_string() -> None:
    decision = decide_version(declared="0.9", published=None, classification="major", auto_bump=False,
                              version_exists=never)
    assert decision.version == "0.9"
