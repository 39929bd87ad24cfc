"""Fact fillers every cloud uses."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reslint.model import UNKNOWN, Fact

if TYPE_CHECKING:
    from reslint.clouds.index import CloudIndex
    from reslint.clouds.view import View
    from reslint.model import Facts


def instance(view: View, index: CloudIndex, facts: Facts) -> None:
    """A lone virtual machine: as many replicas as its resource block has instances."""
    siblings = view.record.siblings
    facts.replicas = Fact(
        siblings if siblings is not None else UNKNOWN,
        "a single instance" if siblings == 1 else f"{siblings} instances",
    )
