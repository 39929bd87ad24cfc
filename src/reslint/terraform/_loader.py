"""Evaluating Terraform configurations: find the root modules among the selected files, then
evaluate each (or reuse what the incremental cache holds for it) into resource instances.

The parts: ``_state.py`` (what one evaluation holds), ``_modules.py`` (module folders and their
definitions), ``_sources.py`` (module call sources and their safety checks), ``_instance.py``
(module instances), ``_expand.py`` (``count`` and ``for_each``), ``_variables.py`` (variables and
tfvars), ``_refs.py`` (static references).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from reslint.terraform._instance import Inst
from reslint.terraform._modules import is_config
from reslint.terraform._sources import local_target
from reslint.terraform._state import Capture, Loader
from reslint.terraform._variables import root_provided

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from reslint.errors import Problem
    from reslint.terraform._incremental import Memo, RootEntry
    from reslint.terraform._parse import ParsedFile
    from reslint.terraform._types import TfResult


def load(
    files: Sequence[str],
    scan_root: str,
    var_files: Sequence[str],
    variables: Mapping[str, str],
    parse: Callable[[str], ParsedFile] | None = None,
    *,
    memo: Memo | None = None,
    prefetch: Callable[[Sequence[str]], None] | None = None,
) -> TfResult:
    """Evaluate the root modules among *files*.

    With *memo*, reuse what earlier runs computed from the same inputs: a module folder's calls,
    a whole root module's instances. *prefetch* is told, in the order they will be needed, which
    files are about to be parsed (so workers can parse them ahead).
    """
    loader = Loader(scan_root, var_files, variables, parse)
    loader.memo = memo
    if memo is not None:
        memo.scan_root = scan_root
    config_dirs: dict[str, str] = {}
    tfvars: dict[str, list[str]] = {}
    for path in files:
        directory = str(Path(path).parent)
        real = os.path.realpath(directory)
        if is_config(path):
            config_dirs.setdefault(real, directory)
            loader.dir_files.setdefault(real, []).append(path)
        elif path.endswith((".tfvars", ".tfvars.json")):
            tfvars.setdefault(real, []).append(path)
    for real in loader.dir_files:
        loader.dir_files[real].sort()

    folders = sorted(config_dirs.items())
    known = {real: _cached_folder(loader, directory, real) for real, directory in folders}
    if prefetch is not None:
        prefetch(sorted(path for real, _dir in folders if known[real] is None for path in loader.dir_files[real]))
    calls: dict[str, set[str]] = {}
    held = _holds_trees(loader)
    for real, directory in folders:
        targets = _local_calls(loader, directory, real, known[real])
        if targets is not None:
            calls[real] = {os.path.realpath(target) for target in targets} - {real}
        if not held:
            loader.forget([real])  # read back per root: the whole repository's trees are never held at once
    called = set().union(*calls.values()) if calls else set()
    roots = [real for real in calls if real not in called]
    reached = set(roots)
    stack = list(roots)
    while stack:
        for target in calls.get(stack.pop(), ()):
            if target not in reached:
                reached.add(target)
                stack.append(target)
    # Directories that only call each other in a cycle have no caller outside it: load them as roots.
    roots += [real for real in calls if real not in reached]

    keys = {real: _root_key(loader, config_dirs[real], tfvars.get(real, [])) for real in roots}
    entries: dict[str, RootEntry | None] = {}
    for real in roots:
        key = keys[real]
        entries[real] = memo.get_root(key, loader) if memo is not None and key is not None else None
    _evaluate_roots(
        loader,
        roots,
        calls=calls,
        config_dirs=config_dirs,
        tfvars=tfvars,
        keys=keys,
        entries=entries,
        prefetch=prefetch,
    )
    loader.release()
    result = loader.result
    result.instances.sort(key=lambda i: (i.file, i.line, i.address))
    result.errors = _dedupe(result.errors)
    result.notices = _dedupe(result.notices)
    return result


#: Above this much selected Terraform source (with the cache on), the parse trees read to find the
#: root modules are dropped and each root reads its own back from the parse cache: trees take about
#: 65 times the source's size, so memory stays bounded by the largest root, not the repository.
RETAIN_TREES_BYTES = 1 << 20


def _holds_trees(loader: Loader) -> bool:
    """Whether the trees read to find the root modules are kept for them: always without the cache
    (nothing to read them back from), else only for small selections."""
    if loader.memo is None:
        return True
    size = sum(len(loader.memo.parser.text(path)) for paths in loader.dir_files.values() for path in paths)
    return size <= RETAIN_TREES_BYTES


def _evaluate_roots(
    loader: Loader,
    roots: list[str],
    *,
    calls: Mapping[str, set[str]],
    config_dirs: Mapping[str, str],
    tfvars: Mapping[str, list[str]],
    keys: Mapping[str, str | None],
    entries: Mapping[str, RootEntry | None],
    prefetch: Callable[[Sequence[str]], None] | None,
) -> None:
    # How many roots still to evaluate reach each folder through local calls: a folder's parse
    # trees and definition are dropped once none is left.
    reach = {real: _reach(real, calls) for real in roots if entries[real] is None}
    pending: dict[str, int] = {}
    for folders in reach.values():
        for folder in folders:
            pending[folder] = pending.get(folder, 0) + 1
    loader.forget(real for real in config_dirs if real not in pending)
    if prefetch is not None:
        prefetch(sorted(path for real in pending for path in loader.dir_files.get(real, ())))
    for real in roots:
        started = len(loader.instances)
        _load_root(loader, config_dirs[real], tfvars.get(real, []), keys[real], entries[real])
        loader.release(started)
        done = [folder for folder in reach.get(real, ()) if pending[folder] == 1]
        for folder in reach.get(real, ()):
            pending[folder] -= 1
        loader.forget(done)


def _reach(root: str, calls: Mapping[str, set[str]]) -> set[str]:
    """The folders *root* reaches through local module calls, itself included."""
    reached: set[str] = set()
    stack = [root]
    while stack:
        real = stack.pop()
        if real not in reached:
            reached.add(real)
            stack.extend(calls.get(real, ()))
    return reached


#: What reading a selected module folder gives: the local module sources it calls (None when
#: there is no module), and what reading it reported.
_Folder = tuple[str, "list[str] | None", Capture]


def _cached_folder(loader: Loader, directory: str, real: str) -> _Folder | None:
    memo = loader.memo
    if memo is None:
        return None
    key = memo.folder_key(directory, loader.dir_files[real])
    cached = memo.get_folder(key)
    return None if cached is None else (key, cached[0], cached[1])


def _local_calls(loader: Loader, directory: str, real: str, known: _Folder | None) -> list[str] | None:
    """The local module sources a selected module folder calls (None: no module there).

    Reading the folder also reports its parse errors and duplicate declarations, whether or not
    anything calls it.
    """
    if known is not None:
        _key, targets, capture = known
        loader.result.errors += capture.errors
        loader.result.notices += capture.notices
        return targets
    with loader.capture() as capture:
        defn = loader.module_def(directory)
        targets = None
        if defn is not None:
            targets = [t for t in (local_target(defn, call) for call in defn.calls.values()) if t is not None]
    if loader.memo is not None:
        # Its parse errors stay with the folder even if a later root re-reads it from the parse cache.
        loader.memo.put_folder(loader.memo.folder_key(directory, loader.dir_files[real]), targets, capture)
    return targets


def _root_key(loader: Loader, directory: str, tfvars: list[str]) -> str | None:
    if loader.memo is None:
        return None
    return loader.memo.root_key(directory, loader.root_real, tfvars, loader.var_files, loader.variables)


def _load_root(loader: Loader, directory: str, tfvars: list[str], key: str | None, cached: RootEntry | None) -> None:
    """Evaluate one root module, or reuse its instances from a run whose inputs all still hold."""
    # The instance budget is shared by the roots: a cached root fits if its expansions still do.
    if cached is not None and cached.consumed <= loader.budget:
        loader.budget -= cached.consumed
        loader.result.instances += cached.instances
        loader.result.errors += cached.capture.errors
        loader.result.notices += cached.capture.notices
        return
    before, count = loader.budget, len(loader.result.instances)
    with loader.capture() as capture:
        defn = loader.module_def(directory)
        if defn is None:
            if loader.memo is not None:
                loader.memo.complete = False
            return
        provided, origins = root_provided(loader, defn, tfvars)
        inst = Inst(loader, defn, provided=provided, origins=origins)
        inst.emit()
    # A root cut short by the budget depends on the roots before it: not reusable on its own.
    if loader.memo is not None and key is not None and not loader.budget_reported:
        loader.memo.put_root(key, loader.result.instances[count:], before - loader.budget, capture)
    elif loader.memo is not None:
        loader.memo.complete = False


def _dedupe(items: list[Problem]) -> list[Problem]:
    seen: set[tuple[str, int | None, str]] = set()
    out: list[Problem] = []
    for item in items:
        key = (item.file, item.line, item.message)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out
