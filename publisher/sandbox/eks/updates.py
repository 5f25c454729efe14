"""The ``Update`` object EKS returns for configuration changes (UpdateClusterConfig, UpdateAddon).

The emulation applies a change at once, so every update is ``Successful`` when it is returned.
"""

from __future__ import annotations

import json
from typing import Any

from moto.moto_api._internal import mock_random

from ..control import CONTROLS


def successful_update(update_type: str, params: list[tuple[str, Any]]) -> dict[str, Any]:
    """An ``Update`` of ``update_type`` with ``params`` as (UpdateParamType, value) pairs."""
    return {
        "id": str(mock_random.uuid4()), "status": "Successful", "type": update_type, "createdAt": CONTROLS.now(),
        "params": [{"type": kind, "value": value if isinstance(value, str) else json.dumps(value)}
                   for kind, value in params],
        "errors": [],
    }
