"""Lens validation: JSON Schema (layer 1), semantic checks (layer 2) and risk-rule analysis (layer 3)."""

from publisher.validate.engine import validate_document, validate_path

__all__ = ["validate_document", "validate_path"]
