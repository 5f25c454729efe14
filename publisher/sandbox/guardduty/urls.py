"""URL patterns of the ``guardduty`` endpoint: moto's, and the detector's ``coverage`` (ListCoverage)."""

from moto.guardduty.urls import url_bases
from moto.guardduty.urls import url_paths as moto_paths

from .responses import WalensGuardDutyResponse

__all__ = ["url_bases", "url_paths"]

url_paths = {
    **{pattern: WalensGuardDutyResponse.dispatch for pattern in moto_paths},
    "{0}/detector/(?P<detector_id>[^/]+)/coverage$": WalensGuardDutyResponse.dispatch,
}
