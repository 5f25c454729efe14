"""Account names from AWS Organizations, where the identity that reads the organisation may see them.

``ListAccounts`` (20 accounts a page) is read until every wanted account is named, so the cost is
one call per 20 accounts of the organisation at most, and usually fewer. Only the management account
or a delegated administrator may call it: a member account gets ``AccessDeniedException``, an
account outside any organization ``AWSOrganizationsNotInUseException``. Then the accounts are shown
by id alone and the reason is one note, never a failure.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class AccountNames:
    """Account id -> name, and why there are none (``note``) when the organisation could not be read."""

    names: dict[str, str] = field(default_factory=dict)
    note: str | None = None

    def name(self, account: str) -> str:
        return self.names.get(account, "")


def account_names(organizations: Callable[[], Any], wanted: Collection[str]) -> AccountNames:
    """The names of the ``wanted`` accounts, from ``ListAccounts`` pages (of the client ``organizations()``
    makes) until all are found."""
    from botocore.exceptions import BotoCoreError, ClientError

    from publisher.errors import WalensError
    from publisher.publish.awserrors import describe

    missing, names = set(wanted), {}
    token: str | None = None
    try:
        client = organizations()
        while missing:
            page = client.list_accounts(**({"NextToken": token} if token else {}))
            for account in page.get("Accounts", ()):
                if account.get("Id") in missing:
                    names[account["Id"]] = str(account.get("Name", ""))
                    missing.discard(account["Id"])
            token = page.get("NextToken")
            if not token:
                break
    except (BotoCoreError, ClientError, WalensError) as exc:  # a failure only costs the names
        why = exc.message if isinstance(exc, WalensError) else describe(exc)
        return AccountNames(note=f"account names not read (accounts are shown by id): {why}; only the "
                                 "organization's management account or a delegated administrator may list them "
                                 "(set reviews.roleArn to a role there)")
    return AccountNames(names)
