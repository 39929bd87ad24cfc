"""Module calls: where a call's source is (a local folder, or one ``terraform init`` installed)
and the checks a call passes before it is instantiated: a literal source, inside the scan root,
no recursion, a bounded depth."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from reslint.terraform._eval import EMPTY_ENV, evaluate

if TYPE_CHECKING:
    from reslint.terraform._instance import Inst
    from reslint.terraform._modules import ModuleDef
    from reslint.terraform._parse import Block
    from reslint.terraform._state import Loader

MAX_MODULE_DEPTH = 20


def inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def call_source(call: Block) -> str | None:
    attr = call.attrs.get("source")
    if attr is None:
        return None
    value = evaluate(attr.expr, EMPTY_ENV)
    return value if isinstance(value, str) else None


def local_target(defn: ModuleDef, call: Block) -> str | None:
    source = call_source(call)
    if source is None or not source.startswith(("./", "../", ".\\", "..\\")):
        return None
    return os.path.normpath(Path(defn.dir) / source)


def resolve_call(loader: Loader, caller: Inst, name: str, call: Block) -> ModuleDef | None:
    """The module *caller*'s call *name* instantiates, or None (reported) when it cannot be read
    or must not be."""
    source = call_source(call)
    if source is None:
        loader.error(call.file, call.line, f"module {name!r}: source must be a literal string")
        return None
    target = local_target(caller.defn, call)
    key = ".".join((*caller.key_path, name))
    if target is None:
        target = installed(loader, caller.root_dir, key)
        if target is None:
            loader.notice(
                call.file,
                call.line,
                f"module {name!r}: source {source!r} is not installed locally (no entry in "
                ".terraform/modules/modules.json); its outputs are unknown",
            )
            return None
    real = loader.realpath(target)
    if not inside(real, loader.root_real):
        loader.error(
            call.file, call.line, f"module {name!r}: source {source!r} resolves outside the scan root ({real})"
        )
        return None
    ancestor: Inst | None = caller
    while ancestor is not None:
        if ancestor.defn.real == real:
            loader.error(call.file, call.line, f"module {name!r}: recursive module call ({source!r})")
            return None
        ancestor = ancestor.parent
    if caller.depth + 1 > MAX_MODULE_DEPTH:
        loader.error(call.file, call.line, f"module {name!r}: nesting deeper than {MAX_MODULE_DEPTH} modules")
        return None
    defn = loader.module_def(target)
    if defn is None:
        loader.error(call.file, call.line, f"module {name!r}: no Terraform files in {target}")
    return defn


def installed(loader: Loader, root_dir: str, key: str) -> str | None:
    """Where ``terraform init`` installed the module call *key* (``a.b``) of the root in *root_dir*."""
    real = os.path.realpath(root_dir)
    if real in loader.modules_json:
        loader.replay(("manifest", real))
    else:
        with loader.capture(("manifest", real)):
            loader.depend("real", root_dir, real)
            manifest = Path(root_dir) / ".terraform" / "modules" / "modules.json"
            loader.modules_json[real] = _read_manifest(loader, manifest)
    table = loader.modules_json[real]
    if table is None or key not in table:
        return None
    return os.path.normpath(Path(root_dir) / table[key])


def _read_manifest(loader: Loader, manifest: Path) -> dict[str, str] | None:
    if not manifest.is_file():
        loader.depend("manifest", str(manifest), "")
        return None
    try:
        data = manifest.read_bytes()
    except OSError as exc:
        loader.depend("manifest", str(manifest), f"error {exc}")
        loader.notice(str(manifest), None, f"cannot read module manifest: {exc}")
        return None
    if loader.memo is not None:
        loader.depend("manifest", str(manifest), loader.memo.bytes_digest(data))
    try:
        # As read_text() would: universal newlines, so JSON error positions match.
        doc = json.loads(data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n"))
        modules = doc.get("Modules", [])
        return {str(m["Key"]): str(m["Dir"]) for m in modules if isinstance(m, dict) and "Key" in m and "Dir" in m}
    except (ValueError, AttributeError) as exc:
        loader.notice(str(manifest), None, f"cannot read module manifest: {exc}")
        return None
