"""Azure knowledge for the Terraform format: ``azurerm_*`` resource types as kinds."""

from __future__ import annotations

from reslint.azure.kinds import DEFAULTS, KINDS

__all__ = ["DEFAULTS", "KINDS"]
