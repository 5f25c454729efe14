"""HTTP handlers of the GuardDuty emulation: moto's ``GuardDutyResponse`` on this package's backends,
plus ListCoverage (paginated by ``maxResults``, 1-50, default 50, and ``nextToken``)."""

from __future__ import annotations

import json

from moto.guardduty.responses import GuardDutyResponse

from .models import BadRequestException, WalensGuardDutyBackend, guardduty_backends

MAX_RESULTS = 50


class WalensGuardDutyResponse(GuardDutyResponse):
    """Handler for ``guardduty`` requests."""

    @property
    def guardduty_backend(self) -> WalensGuardDutyBackend:  # type: ignore[override]
        return guardduty_backends[self.current_account][self.region]

    def list_coverage(self) -> str:
        detector_id = self.path.split("/")[-2]
        criteria = (self._get_param("filterCriteria") or {}).get("filterCriterion") or []
        found = self.guardduty_backend.list_coverage(detector_id, criteria, self._get_param("sortCriteria"))
        size = self._get_param("maxResults") or MAX_RESULTS
        if not isinstance(size, int) or not 1 <= size <= MAX_RESULTS:
            raise BadRequestException(f"maxResults must be between 1 and {MAX_RESULTS}")
        token = self._get_param("nextToken") or "0"
        if not token.isdigit() or int(token) > len(found):
            raise BadRequestException("nextToken is not one this API returned")
        start = int(token)
        page: dict[str, object] = {"resources": found[start:start + size]}
        if start + size < len(found):
            page["nextToken"] = str(start + size)
        return json.dumps(page)
