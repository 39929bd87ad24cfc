"""The hooks a reslint plugin implements: what it checks, what it reads, how it reports.

A plugin is a module or object with ``@hookimpl`` functions, registered under the ``reslint``
entry-point group. Each hook returns a collection; the host merges and sorts them by id, so the
order plugins load in never changes the output.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from collections.abc import Sequence

    from reslint.formats import InputFormat
    from reslint.reporting import Reporter
    from reslint.rule import Rule

PROJECT = "reslint"

hookspec = pluggy.HookspecMarker(PROJECT)


@hookspec
def reslint_rules() -> Sequence[Rule]:
    """Return the rules this plugin provides.

    Each rule pairs its catalog entry (id, title, category, rationale, remediation, references,
    per-tier levels) with a check function. Rule ids are unique across all plugins.
    """
    raise NotImplementedError


@hookspec
def reslint_input_formats() -> Sequence[InputFormat]:
    """Return the input formats (parsers and normalizers) this plugin provides."""
    raise NotImplementedError


@hookspec
def reslint_reporters() -> Sequence[Reporter]:
    """Return the report formats this plugin provides, each under a unique ``--format`` name."""
    raise NotImplementedError
