"""The inventory run: find the owner's lens in each Region, then read every account concurrently
on the publishing commands' bounded pool; an account that cannot be read is an error entry."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial

from publisher.adoption.account_names import AccountNames, account_names
from publisher.adoption.inventory import NO_DETAILS, Details, LensReview, read_reviews
from publisher.adoption.scope import ReviewScope
from publisher.errors import Refused
from publisher.publish.awserrors import describe
from publisher.publish.fanout import DEFAULT_WORKERS, TargetResult, run_targets
from publisher.publish.lensfind import LensState, find_lens
from publisher.publish.targets import Connector, Target

Progress = Callable[[str], None]


@dataclass(frozen=True)
class ReviewError:
    """An account and Region that could not be read, and why."""

    account: str
    region: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {"account": self.account, "region": self.region, "message": self.message}


@dataclass
class Collected:
    """The lens (per Region), the reviews found, the errors met, the account names and the scope's note."""

    lenses: dict[str, LensState]
    reviews: list[LensReview] = field(default_factory=list)
    errors: list[ReviewError] = field(default_factory=list)
    names: AccountNames = field(default_factory=AccountNames)
    notes: list[str] = field(default_factory=list)


#: The note of a scope that walens.yaml does not widen beyond the owner account.
OWNER_ONLY = ("only the owner account was read: add `reviews.accounts` or `reviews.organizationalUnits` to "
              "walens.yaml (or pass --owner-only to read the owner account alone)")


def scope_notes(scope: ReviewScope) -> list[str]:
    return [OWNER_ONLY] if scope.unconfigured else []


def lens_json(lenses: dict[str, LensState]) -> dict[str, str | None]:
    """The ``lens`` object of the JSON outputs: the owner's lens in the first Region read."""
    first = next(iter(lenses.values()))
    return {"name": first.name, "arn": first.arn, "latestVersion": first.published_version}


def owner_lenses(scope: ReviewScope, connector: Connector, name: str) -> tuple[dict[str, LensState], list[ReviewError]]:
    """The owner's published lens in each Region; a Region without it is an error."""
    lenses: dict[str, LensState] = {}
    errors = []
    for owner in scope.owners:
        try:
            state = find_lens(connector.client(owner, "wellarchitected"), name, owner.lens_arn)
        except Exception as exc:
            errors.append(ReviewError(scope.owner_account, owner.region, describe(exc)))
            continue
        if state is None or state.published_version is None:
            errors.append(ReviewError(scope.owner_account, owner.region, f"lens {name!r} is not published here"))
        else:
            lenses[owner.region] = state
    if not lenses:
        raise Refused(f"lens {name!r} is published in none of the Regions {', '.join(o.region for o in scope.owners)} "
                      f"of account {scope.owner_account}: " + "; ".join(e.message for e in errors))
    return lenses, errors


def run_accounts(scope: ReviewScope, lenses: dict[str, LensState], job: Callable[[Target], TargetResult], *,
                 workers: int = DEFAULT_WORKERS, progress: Progress | None = None) -> list[TargetResult]:
    """``job`` for every account target in a Region where the lens is published."""
    targets = [target for target in scope.targets if target.region in lenses]
    return run_targets(targets, job, workers=workers, progress=progress)


def errors_of(results: Sequence[TargetResult]) -> list[ReviewError]:
    return [ReviewError(result.target.name, result.target.region, "; ".join(result.messages))
            for result in results if not result.ok]


def read_one(connector: Connector, lenses: dict[str, LensState], details: Details, target: Target) -> TargetResult:
    """The reviews of one account and Region (the job of ``walens reviews``)."""
    wa = connector.client(target, "wellarchitected")
    reviews = read_reviews(wa, target.name, target.region, lenses[target.region].arn, details)
    return TargetResult(target, account=target.name, action=f"{len(reviews)} workload(s)",
                        detail={"reviews": reviews})


def collect(scope: ReviewScope, connector: Connector, name: str, *, workers: int = DEFAULT_WORKERS,
            progress: Progress | None = None, details: Details = NO_DETAILS) -> Collected:
    """Every review of the lens in the scope, sorted by account, Region and workload name, and the
    names of the accounts read."""
    lenses, errors = owner_lenses(scope, connector, name)
    results = run_accounts(scope, lenses, partial(read_one, connector, lenses, details), workers=workers,
                           progress=progress)
    reviews = [review for result in results if result.ok for review in result.detail["reviews"]]
    reviews.sort(key=lambda r: (r.account, r.region, r.workload_name, r.workload_id))
    names = account_names(lambda: connector.client(scope.organization_reader, "organizations"), scope.accounts)
    notes = scope_notes(scope) + ([names.note] if names.note else [])
    return Collected(lenses, reviews, errors + errors_of(results), names, notes)
