"""One botocore client per profile, endpoint, Region and service, shared by every role assumed there.

Creating a botocore client costs 2-5 ms of CPU and warming it (its service model, endpoint rules and
event caches are its own) about as much again: at a thousand targets, more than walens's own work.
So the roles of a profile do not get clients of their own. A ``RoleClient`` is a role's view of the
shared client: every call it makes is signed with that role's credentials and no other.

How: botocore's request signer uses ``request.context["signing"]["request_credentials"]`` when it is
set; a ``before-sign`` handler on the shared client sets it to the credentials of the ``RoleClient``
whose call is running in this thread (a context variable that the call sets and resets around
itself, retries included). The shared client has no credentials of its own: a call that does not
go through a ``RoleClient`` raises ``NoRoleCredentials`` instead of signing as someone else.

What the roles of a Region share besides the model: the HTTP connection pool, and botocore's retry
quota (standard mode: 500 tokens; a throttled retry takes 5, any other 14; successes give them
back). A Region whose endpoint keeps failing therefore stops being retried for every target there
at once, as botocore intends for one endpoint; throttling of single accounts is retried and
refunded as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    import boto3

#: The credentials of the role whose call runs in this thread (or context), if any.
_SIGNING_AS: ContextVar[Any] = ContextVar("walens_signing_as", default=None)


class NoRoleCredentials(RuntimeError):
    """A shared role client was called directly, not through a ``RoleClient``."""


def refuse_to_sign(session: boto3.Session) -> None:
    """Give the clients ``session`` makes from now on credentials that raise when asked to sign."""
    from botocore.credentials import DeferredRefreshableCredentials

    def refuse() -> NoReturn:
        raise NoRoleCredentials("a shared role client signs only through a RoleClient")

    session._session._credentials = DeferredRefreshableCredentials(refresh_using=refuse,
                                                                   method="walens-shared-client")


def sign_as_caller(client: Any) -> Any:
    """Make ``client`` sign each request with the credentials of the ``RoleClient`` calling it."""
    def put_credentials(request: Any, **_: Any) -> None:
        credentials = _SIGNING_AS.get()
        if credentials is not None:
            request.context.setdefault("signing", {})["request_credentials"] = credentials

    client.meta.events.register(f"before-sign.{client.meta.service_model.service_id.hyphenize()}", put_credentials)
    return client


@contextmanager
def _signing_as(credentials: Any) -> Iterator[None]:
    token = _SIGNING_AS.set(credentials)
    try:
        yield
    finally:
        _SIGNING_AS.reset(token)


class RoleClient:
    """A role's view of a shared client: its API methods sign with ``credentials``.

    ``exceptions`` and ``meta`` are the shared client's. Paginators and waiters are refused: they
    would call the shared client behind the role's back (loop over ``NextToken`` instead).
    """

    def __init__(self, shared: Any, credentials: Any) -> None:
        self._shared = shared
        self._credentials = credentials

    @property
    def exceptions(self) -> Any:
        return self._shared.exceptions

    @property
    def meta(self) -> Any:
        return self._shared.meta

    def __getattr__(self, name: str) -> Callable[..., Any]:
        shared = self.__dict__.get("_shared")  # (not self._shared: a half-made copy would recurse)
        if shared is None or name not in shared.meta.method_to_api_mapping:
            raise AttributeError(f"a role client has no {name!r}: only the service's API methods")
        method = getattr(shared, name)

        def call(**params: Any) -> Any:
            with _signing_as(self._credentials):
                return method(**params)

        call.__name__ = name
        return call
