"""Module folders: which files make a module, and the definition their blocks declare (with
Terraform's override files merged in)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reslint.terraform._eval import EMPTY_ENV, evaluate
from reslint.terraform._parse import Attr, Block

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

_CONFIG_SUFFIXES = (".tf", ".tf.json")


def is_config(path: str) -> bool:
    return path.endswith(_CONFIG_SUFFIXES)


def is_override(path: str) -> bool:
    base = Path(path).name
    return base in ("override.tf", "override.tf.json") or base.endswith(("_override.tf", "_override.tf.json"))


@dataclass
class ModuleDef:
    dir: str
    real: str
    resources: dict[tuple[str, str, str], Block] = field(default_factory=dict)
    variables: dict[str, Block] = field(default_factory=dict)
    locals: dict[str, Attr] = field(default_factory=dict)
    outputs: dict[str, Attr] = field(default_factory=dict)
    calls: dict[str, Block] = field(default_factory=dict)
    #: provider blocks by configuration address: "aws", "aws.west" (alias)
    providers: dict[str, Block] = field(default_factory=dict)


def define(
    directory: str,
    real: str,
    files: Sequence[tuple[str, list[Block]]],
    error: Callable[[str, int | None, str], None],
) -> ModuleDef:
    """The module the blocks of *files* (path, blocks) declare; duplicates go to *error*."""
    defn = ModuleDef(directory, real)
    blocks: list[Block] = []
    overrides: list[Block] = []
    for path, parsed in files:
        (overrides if is_override(path) else blocks).extend(parsed)
    for block in blocks:
        _declare(defn, block, error)
    for block in overrides:
        _override(defn, block)
    return defn


def _declare(defn: ModuleDef, block: Block, error: Callable[[str, int | None, str], None]) -> None:
    kind, labels = block.type, block.labels
    if kind in ("resource", "data") and len(labels) == 2:
        key = ("managed" if kind == "resource" else "data", labels[0], labels[1])
        _unique(error, defn.resources, key, block, f"{kind} {labels[0]}.{labels[1]}")
    elif kind == "variable" and len(labels) == 1:
        _unique(error, defn.variables, labels[0], block, f"variable {labels[0]}")
    elif kind == "module" and len(labels) == 1:
        _unique(error, defn.calls, labels[0], block, f"module {labels[0]}")
    elif kind == "output" and len(labels) == 1 and "value" in block.attrs:
        _unique(error, defn.outputs, labels[0], block.attrs["value"], f"output {labels[0]}", block=block)
    elif kind == "locals":
        for name, attr in block.attrs.items():
            _unique(error, defn.locals, name, attr, f"local value {name}", block=block)
    elif kind == "provider" and len(labels) == 1:
        alias = evaluate(block.attrs["alias"].expr, EMPTY_ENV) if "alias" in block.attrs else None
        # Duplicates are Terraform's error to report; the first block is as good a guess as any.
        defn.providers.setdefault(f"{labels[0]}.{alias}" if isinstance(alias, str) else labels[0], block)


def _unique(
    error: Callable[[str, int | None, str], None],
    table: dict[Any, Any],
    key: object,
    value: object,
    what: str,
    *,
    block: Block | None = None,
) -> None:
    if key in table:
        where = block if block is not None else value
        assert isinstance(where, Block)
        error(where.file, getattr(value, "line", where.line), f"duplicate {what}")
        return
    table[key] = value


def _override(defn: ModuleDef, block: Block) -> None:
    # Terraform override files merge into the block they name instead of declaring a new one.
    kind, labels = block.type, block.labels
    target: Block | None = None
    if kind in ("resource", "data") and len(labels) == 2:
        target = defn.resources.get(("managed" if kind == "resource" else "data", labels[0], labels[1]))
    elif kind == "variable" and len(labels) == 1:
        target = defn.variables.get(labels[0])
    elif kind == "module" and len(labels) == 1:
        target = defn.calls.get(labels[0])
    elif kind == "output" and len(labels) == 1 and "value" in block.attrs:
        defn.outputs[labels[0]] = block.attrs["value"]
    elif kind == "locals":
        defn.locals.update(block.attrs)
    if target is not None:
        target.attrs.update(block.attrs)
        replaced = {b.type for b in block.blocks}
        target.blocks = [b for b in target.blocks if b.type not in replaced] + block.blocks
