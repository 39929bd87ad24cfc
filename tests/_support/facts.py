"""Facts as values, so mapping tables say what a resource states, not how the model stores it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reslint.model import Fact

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from reslint.model import Resource


def fact_values(resource: Resource, names: Iterable[str]) -> dict[str, object]:
    """The values of the facts *names* of *resource*; ``name.evidence`` is the text a message quotes.

    A fact not stated is ``None`` and one stated but not knowable statically is ``UNKNOWN``.
    """
    found: dict[str, object] = {}
    for name in names:
        field, _, part = name.partition(".")
        stored = getattr(resource.facts, field)
        # Facts are typed (value, evidence, line); the few plain fields (autoscaled_by, probes) are values.
        found[name] = getattr(stored, part or "value") if isinstance(stored, Fact) else stored
    return found


def typed(values: Mapping[str, object]) -> dict[str, tuple[str, object]]:
    """*values* with each value's type, so ``False`` never equals ``0`` nor ``1`` equals ``True``."""
    return {name: (type(value).__name__, value) for name, value in values.items()}
