"""Azure knowledge for the Terraform format: ``azurerm_*`` resource types as kinds."""

from __future__ import annotations

from reslint.azure.kinds import KINDS

__all__ = ["KINDS"]
