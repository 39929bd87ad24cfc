"""How long property-based tests run: briefly in CI, longer on demand.

``RESLINT_FUZZ_SCALE=50 pytest -k "never_raises or any_text"`` runs every fuzz test with fifty
times its usual number of examples.
"""

from __future__ import annotations

import os


def examples(usual: int) -> int:
    """The number of examples to generate: *usual* times ``RESLINT_FUZZ_SCALE`` (default 1)."""
    return max(1, int(usual * float(os.environ.get("RESLINT_FUZZ_SCALE", "1"))))
