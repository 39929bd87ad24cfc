"""reslint: find resilience gaps in infrastructure as code before they merge."""

from __future__ import annotations

__version__ = "0.1.0"
