"""Google Cloud knowledge for the Terraform format: ``google_*`` resource types as kinds."""

from __future__ import annotations

from reslint.google.kinds import KINDS

__all__ = ["KINDS"]
