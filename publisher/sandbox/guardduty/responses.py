"""HTTP handlers of the GuardDuty emulation: moto's ``GuardDutyResponse`` on this package's backends,
plus ListCoverage (paginated by ``maxResults``, 1-50, default 50, and ``nextToken``)."""

from __future__ import annotations

import json

from moto.core.exceptions import InvalidToken
from moto.guardduty.responses import GuardDutyResponse

from .models import MAX_RESULTS, BadRequestException, WalensGuardDutyBackend, guardduty_backends


class WalensGuardDutyResponse(GuardDutyResponse):
    """Handler for ``guardduty`` requests."""

    @property
    def guardduty_backend(self) -> WalensGuardDutyBackend:  # type: ignore[override]
        return guardduty_backends[self.current_account][self.region]

    def list_coverage(self) -> str:
        detector_id = self.path.split("/")[-2]
        criteria = (self._get_param("filterCriteria") or {}).get("filterCriterion") or []
        size = self._get_param("maxResults")
        if size is not None and (not isinstance(size, int) or not 1 <= size <= MAX_RESULTS):
            raise BadRequestException(f"maxResults must be between 1 and {MAX_RESULTS}")
        try:
            found, token = self.guardduty_backend.list_coverage(
                detector_id, criteria, self._get_param("sortCriteria"), next_token=self._get_param("nextToken"),
                max_results=size)
        except InvalidToken as error:
            raise BadRequestException(f"nextToken is not one this API returned: {error}") from error
        return json.dumps({"resources": found, **({"nextToken": token} if token else {})})
