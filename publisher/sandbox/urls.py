"""URL patterns of the ``wellarchitected`` endpoint (moto layout).

Every path of the endpoint goes to one handler: botocore's model picks the operation (moto's
router), so operations the sandbox does not emulate still get a JSON error naming them.
"""

from .responses import WellArchitectedResponse

url_bases = [
    r"https?://wellarchitected\.(.+)\.amazonaws\.com",
    r"https?://wellarchitected-agent\.(.+)\.amazonaws\.com",  # the Agent* operations' endpoint
]

url_paths = {
    "{0}/$": WellArchitectedResponse.dispatch,
    "{0}/.*$": WellArchitectedResponse.dispatch,
}
