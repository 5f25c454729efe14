"""Conformance fixtures: every client a sandbox test makes has its responses shape-checked."""

from __future__ import annotations

import pytest

from publisher.sandbox.harness import Sandbox

from .shape_checker import ResponseShapeChecker


@pytest.fixture
def shape_checker() -> ResponseShapeChecker:
    return ResponseShapeChecker()


@pytest.fixture
def sandbox(sandbox: Sandbox, shape_checker: ResponseShapeChecker) -> Sandbox:
    """The shared sandbox fixture, with the shape checker on every wellarchitected client."""
    sandbox.client_hooks.append(
        lambda client: client.meta.events.register("after-call.wellarchitected", shape_checker))
    return sandbox

