"""EKS for the walens sandbox: moto's EKS emulation extended with what ``walens assess`` reads.

moto 5.2 emulates clusters, node groups and Fargate profiles; this package adds add-ons, access
entries and access policies, Pod Identity associations, insights, DescribeClusterVersions and the
cluster fields accessConfig, upgradePolicy and EKS Auto Mode (see docs/sandbox.md, "EKS").

``install()`` points moto's ``eks`` service at ``models.eks_backends``: moto's service registry
(``moto.backends.get_backend("eks")``) reads ``moto.eks.eks_backends``, and the backend's
``urls`` come from the module next to its class (``publisher.sandbox.eks.urls``), so the in-process
stubber and the HTTP server both dispatch EKS requests to ``WalensEKSResponse``.
"""

from __future__ import annotations


def install() -> None:
    """Make moto serve ``eks`` from this package (idempotent)."""
    import moto.eks

    from . import models

    moto.eks.eks_backends = models.eks_backends  # type: ignore[assignment]
