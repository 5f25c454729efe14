"""Token replay (our layer; moto has none): ``ClientRequestToken`` makes a write idempotent.

A repeated token with the same request returns the first successful answer without acting again;
the same token with other parameters is a ConflictException.  Failed calls are not remembered, so a
retry after an error acts.  Answers are kept per account and Region, with the backend.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from moto.core.common_types import TYPE_RESPONSE
from moto.core.responses import ActionResult

from .exceptions import ConflictException

if TYPE_CHECKING:
    from .responses import WellArchitectedResponse

TOKEN = "ClientRequestToken"


def replay_or_serve(response: WellArchitectedResponse, operation: str,
                    serve: Callable[[], TYPE_RESPONSE]) -> TYPE_RESPONSE:
    """Serve the call through ``serve`` unless its token was seen before."""
    token = response._get_param(TOKEN)
    if not token:
        return serve()
    key = (operation, token)
    fingerprint = _fingerprint(response)
    seen = response.backend.idempotent_answers.get(key)
    if seen is not None:
        if seen[0] == fingerprint:
            return seen[1]
        return response.serialized(ActionResult(ConflictException(
            f"ClientRequestToken {token} was already used with different parameters", token,
            "ClientRequestToken")))
    answer = serve()
    if 200 <= int(answer[0]) < 300:
        response.backend.idempotent_answers[key] = (fingerprint, answer)
    return answer


def _fingerprint(response: WellArchitectedResponse) -> str:
    """The request's path, query and body without the token: what must match for a replay."""
    query = {key: value for key, value in sorted(response.querystring.items()) if key != TOKEN}
    try:
        body = json.loads(response.body) if response.body else {}
    except ValueError:
        body = {"raw": str(response.body)}
    if isinstance(body, dict):
        body.pop(TOKEN, None)
    return json.dumps([response.path, query, body], sort_keys=True, default=str)
