"""Plan findings located where a person fixes them: the resource block in the ``.tf`` source.

``terraform show -json`` output is one generated line, usually written in the configuration's
folder. When ``.tf`` files sit beside the plan, the configuration is evaluated only for locations
and each planned instance takes the file, line and attribute lines of the instance with the same
address (or the same block, when ``count``/``for_each`` keys cannot be known statically). The
plan's own values still decide the findings.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from reslint.discovery import display_path
from reslint.errors import Problem
from reslint.model import strip_instance_keys

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from reslint.terraform._parse import ParsedFile
    from reslint.terraform._types import TfInstance, TfResult

_CONFIG_SUFFIXES = (".tf", ".tf.json")


def locate(
    plan: TfResult,
    plan_path: str,
    plan_text: str,
    *,
    scan_root: str,
    var_files: Sequence[str],
    variables: Mapping[str, str],
    parse: Callable[[str], ParsedFile] | None = None,
) -> None:
    """Point *plan*'s instances at the configuration beside *plan_path*, else at the plan's own
    ``"address"`` line with a notice saying why."""
    if not plan.instances:
        return
    sources = _source_instances(plan_path, scan_root, var_files, variables, parse)
    by_address = {i.address: i for i in sources}
    by_block: dict[str, TfInstance] = {}
    for instance in sources:
        by_block.setdefault(strip_instance_keys(instance.address), instance)
    missing = 0
    for instance in plan.instances:
        source = by_address.get(instance.address) or by_block.get(strip_instance_keys(instance.address))
        if source is not None:
            instance.file, instance.line = source.file, source.line
            instance.attribute_lines = dict(source.attribute_lines)
        else:
            instance.line = _address_line(plan_text, instance.address)
            missing += 1
    if missing:
        what = "its resources" if missing == len(plan.instances) else f"{missing} of its resources"
        plan.notices.append(
            Problem(
                plan_path,
                None,
                (
                    f"findings on {what} point at the plan: no .tf configuration beside it declares them; "
                    "keep the plan next to its configuration "
                    "(terraform show -json plan.out > plan.json in that folder) "
                    "to see them at the resource in the .tf source"
                ),
            )
        )


def _source_instances(
    plan_path: str,
    scan_root: str,
    var_files: Sequence[str],
    variables: Mapping[str, str],
    parse: Callable[[str], ParsedFile] | None,
) -> list[TfInstance]:
    from reslint.terraform._loader import load

    folder = Path(plan_path).parent
    try:
        files = sorted(display_path(p) for p in folder.iterdir() if p.is_file() and p.name.endswith(_CONFIG_SUFFIXES))
    except OSError:
        return []
    if not files:
        return []
    # Only locations are wanted: the configuration's own errors are reported when it is linted.
    return load(files, scan_root, var_files, variables, parse).instances


def _address_line(text: str, address: str) -> int:
    """The line of the instance's first ``"address"`` (in ``planned_values``); 1 for a one-line plan."""
    match = re.search(r'"address"\s*:\s*' + re.escape(json.dumps(address)), text)
    return text.count("\n", 0, match.start()) + 1 if match else 1
