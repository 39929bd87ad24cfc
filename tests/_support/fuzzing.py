"""How long property-based tests run: Hypothesis settings profiles.

``ci`` (loaded by ``conftest.py`` unless another is chosen) runs each fuzz test with the number of
examples it names, which keeps the default run fast; ``pytest --hypothesis-profile long`` runs
fifty times as many.
"""

from __future__ import annotations

from hypothesis import settings

#: Hypothesis's own default budget; a test's *usual* count is relative to it.
_BASE = 100

settings.register_profile("ci", max_examples=_BASE)
settings.register_profile("long", max_examples=50 * _BASE)


def examples(usual: int) -> int:
    """The examples one test generates: *usual* under ``ci``, scaled like the loaded profile otherwise."""
    # Older Hypothesis releases type ``max_examples`` as Any; the budget is an int either way.
    budget: int = settings().max_examples
    return max(1, usual * budget // _BASE)
