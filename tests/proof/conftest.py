"""Fixtures of the proof tests: the lens variants (written once) and a ``Rig`` on an in-process
sandbox or on a sandbox server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from moto import mock_aws

from publisher.sandbox.server import local_sandbox
from tests.proof.scenarios import Rig


@pytest.fixture(scope="session")
def proof_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the example lens variants (base, wording, major)."""
    return tmp_path_factory.mktemp("proof-lenses")


@pytest.fixture
def inprocess_rig(proof_workspace: Path) -> Iterator[Rig]:
    """A ``Rig`` on a fresh sandbox under ``moto.mock_aws``."""
    with mock_aws():
        rig = Rig(proof_workspace)
        yield rig
        rig.sandbox.reset()


@pytest.fixture(scope="module")
def http_rig(proof_workspace: Path) -> Iterator[Rig]:
    """A ``Rig`` on a sandbox server of its own (one per test module)."""
    with local_sandbox() as endpoint:
        yield Rig(proof_workspace, endpoint)
