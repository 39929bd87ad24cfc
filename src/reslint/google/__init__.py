"""Google Cloud knowledge for the Terraform format: ``google_*`` resource types as kinds."""

from __future__ import annotations

from reslint.google.kinds import DEFAULTS, KINDS

__all__ = ["DEFAULTS", "KINDS"]
