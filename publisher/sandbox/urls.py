"""URL patterns of the ``wellarchitected`` endpoint (moto layout).

Lens aliases are ARNs: URL-encoded in process, but decoded (with their ``/``) by the HTTP server,
so those segments match ``.+``.  botocore's model picks the operation; these patterns only claim
the paths for this service.
"""

from .responses import WellArchitectedResponse

url_bases = [
    r"https?://wellarchitected\.(.+)\.amazonaws\.com",
]

ALIAS = r"(?P<LensAlias>.+)"

url_paths = {
    "{0}/importLens$": WellArchitectedResponse.dispatch,
    "{0}/lenses$": WellArchitectedResponse.dispatch,
    "{0}/lenses/" + ALIAS + "$": WellArchitectedResponse.dispatch,
    "{0}/global-settings$": WellArchitectedResponse.dispatch,
    "{0}/shareInvitations$": WellArchitectedResponse.dispatch,
    "{0}/shareInvitations/(?P<ShareInvitationId>[^/]+)$": WellArchitectedResponse.dispatch,
    "{0}/tags/(?P<WorkloadArn>.+)$": WellArchitectedResponse.dispatch,
    "{0}/workloads$": WellArchitectedResponse.dispatch,
    "{0}/workloads/(?P<WorkloadId>[^/]+)$": WellArchitectedResponse.dispatch,
    "{0}/workloads/(?P<WorkloadId>[^/]+)/lensReviews/" + ALIAS + "$": WellArchitectedResponse.dispatch,
    "{0}/notifications$": WellArchitectedResponse.dispatch,
}
