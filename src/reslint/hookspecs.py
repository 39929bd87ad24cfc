"""The hooks a reslint plugin implements: what it checks, what it reads, how it reports.

A plugin is a module or object with ``@hookimpl`` functions (``from reslint import hookimpl``),
registered under the ``reslint`` entry-point group. Each hook returns a collection; the host merges
and sorts them by id, so the order plugins load in never changes the output.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from reslint.formats import InputFormat
    from reslint.reporting import Reporter
    from reslint.rule import Rule

PROJECT = "reslint"

hookspec = pluggy.HookspecMarker(PROJECT)
#: The one marker for hook implementations, the built-in plugin's and everyone else's.
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def reslint_rules() -> Sequence[Rule]:
    """Return the rules this plugin provides.

    Each rule pairs its catalog entry (id, title, category, rationale, remediation, references,
    per-tier levels) with a check function. Rule ids match ``[A-Z]{2,6}[0-9]{3}``, are unique across
    all plugins, and the ``RSL`` prefix belongs to the built-in plugin; the category is a built-in
    family or one a plugin declares with :func:`reslint_categories`.
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


@hookspec
def reslint_categories() -> Mapping[str, str]:
    """Return the rule families (categories) this plugin declares, name -> one-line description.

    The built-in plugin declares reslint's own families (``single-az``, ``replicas``, ...); a
    plugin declares a family only for rules that fit none of them.
    """
    raise NotImplementedError
