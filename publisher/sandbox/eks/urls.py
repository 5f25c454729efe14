"""URL patterns of the ``eks`` endpoint (moto layout): every path goes to one handler, and botocore's
model picks the operation (moto's router), so unknown operations still get a JSON error."""

from moto.eks.urls import url_bases

from .responses import WalensEKSResponse

__all__ = ["url_bases", "url_paths"]

url_paths = {
    "{0}/.*$": WalensEKSResponse.dispatch,
}
