"""Requests no SDK would send: clients whose serialized request is rewritten before signing."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from botocore.config import Config

from publisher.sandbox.harness import Sandbox

RAW = Config(parameter_validation=False, retries={"max_attempts": 1})


def raw_client(sandbox: Sandbox, body: Callable[[dict[str, Any]], Any] | bytes | None = None,
               drop_query: tuple[str, ...] = ()) -> Any:
    """A client without parameter validation whose JSON body goes through ``body`` (or is replaced by
    bytes) and whose query string loses ``drop_query``."""
    client = sandbox.client(config=RAW)

    def rewrite(request: Any, **_: Any) -> None:
        if isinstance(body, bytes):
            request.data = body
        elif body is not None:
            request.data = json.dumps(body(json.loads(request.body or b"{}"))).encode()
        if drop_query:
            parts = urlsplit(request.url)
            query = [(key, value) for key, value in parse_qsl(parts.query) if key not in drop_query]
            request.url = urlunsplit(parts._replace(query=urlencode(query)))
        if "Content-Length" in request.headers:
            del request.headers["Content-Length"]

    client.meta.events.register_first("before-sign.wellarchitected", rewrite)
    return client


def without(*keys: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda document: {key: value for key, value in document.items() if key not in keys}
