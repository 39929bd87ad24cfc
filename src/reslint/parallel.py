"""Worker processes for the parsers: how many cores a run may use, and how workers start."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext


def usable_cpus() -> int:
    """The cores this process may run on: its CPU affinity (containers, ``taskset``), not the machine's."""
    counter = getattr(os, "process_cpu_count", None)  # Python 3.13+: affinity-aware
    if counter is not None:
        return int(counter() or 1)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def pool_context() -> BaseContext:
    """fork on Linux: workers start in milliseconds and inherit loaded grammars and imports."""
    import multiprocessing

    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()
