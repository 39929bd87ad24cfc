"""Module instantiation, count/for_each expansion and the reference graph for HCL configurations."""

from __future__ import annotations

import json
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reslint.errors import Problem
from reslint.model import UNKNOWN, Reference, Unknown
from reslint.terraform._eval import EMPTY_ENV, Env, evaluate
from reslint.terraform._parse import (
    Attr,
    Block,
    JsonExpr,
    ParsedFile,
    TfParseError,
    heredoc_text,
    name_of,
    parse_expression,
    parse_file,
    template_parts,
    trees,
)
from reslint.terraform._types import TfInstance, TfResult
from reslint.terraform._values import (
    EvalError,
    Namespace,
    Partial,
    ResourceObject,
    UnkeyedResource,
    finalize,
    has_unknown,
    is_unknown,
    to_bool,
    to_number,
    to_string,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

    from reslint.terraform._incremental import Memo, RootEntry

MAX_INSTANCES_PER_RESOURCE = 10_000
MAX_TOTAL_INSTANCES = 200_000
MAX_MODULE_DEPTH = 20

_RESOURCE_META = {"count", "for_each", "provider", "depends_on"}
_CALL_META = {"source", "version", "count", "for_each", "providers", "depends_on"}
_NOT_RESOURCES = {"var", "local", "module", "data", "count", "each", "path", "terraform", "self"}
_CHAINS = {"get_attr_expr_term", "index_expr_term", "attr_splat_expr_term", "full_splat_expr_term"}
_CONFIG_SUFFIXES = (".tf", ".tf.json")


def _is_config(path: str) -> bool:
    return path.endswith(_CONFIG_SUFFIXES)


def _is_override(path: str) -> bool:
    base = Path(path).name
    return base in ("override.tf", "override.tf.json") or base.endswith(("_override.tf", "_override.tf.json"))


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


class _Lazy(Namespace):
    __slots__ = ("fn",)

    def __init__(self, fn: Callable[[str], object]) -> None:
        self.fn = fn

    def get(self, name: str) -> object:
        return self.fn(name)


_DATA = _Lazy(lambda _type: _Lazy(lambda _name: UNKNOWN))


def _partial(value: object) -> object:
    if isinstance(value, ResourceObject):
        return value  # already partial, and its unstated attributes are References
    if isinstance(value, dict):
        return Partial({k: _partial(v) for k, v in value.items()})
    if isinstance(value, list):
        return [_partial(v) for v in value]
    return value


def _resource_object(attrs: dict[str, object], address: str) -> ResourceObject:
    """The value of the instance at *address* whose configuration states *attrs*."""
    values: dict[str, object] = {}
    for name, value in attrs.items():
        # An argument set to null is not set: the provider may compute it (``name`` beside
        # ``name_prefix``). One stated with an unknowable value is still that attribute.
        values[name] = Reference(address, name) if value is None or value is UNKNOWN else _partial(value)
    return ResourceObject(values, address)


def _key_suffix(key: object) -> str:
    return f"[{key}]" if isinstance(key, int) else f"[{json.dumps(key, ensure_ascii=False)}]"


# ------------------------------------------------------------------ static references


def _flatten_chain(node: Any) -> tuple[Any, list[Any]]:
    """The innermost base of a traversal and its steps in source order."""
    steps: list[Any] = []
    cur = node
    while True:
        if cur.data == "expr_term" and len(cur.children) == 1:
            cur = cur.children[0]
            continue
        if cur.data in _CHAINS:
            base, step = trees(cur)
            steps.append(step)
            cur = base
            continue
        break
    steps.reverse()
    return cur, steps


def _walk_refs(node: Any, out: set[tuple[str, tuple[str, ...]]]) -> None:
    stack = [node]
    while stack:
        cur = stack.pop()
        if isinstance(cur, str) or not hasattr(cur, "data"):
            continue
        if cur.data in _CHAINS:
            base, steps = _flatten_chain(cur)
            names: list[str] = []
            for step in steps:
                if step.data != "get_attr":
                    break
                names.append(name_of(trees(step)[0]))
            if base.data == "identifier":
                out.add((str(base.children[0]), tuple(names)))
            else:
                stack.append(base)
            stack.extend(steps)
        elif cur.data in ("heredoc_template", "heredoc_template_trim"):
            _json_refs(heredoc_text(str(cur.children[0]), cur.data == "heredoc_template_trim"), out)
        else:
            stack.extend(c for c in cur.children if not isinstance(c, str))


def _json_refs(value: object, out: set[tuple[str, tuple[str, ...]]]) -> None:
    if isinstance(value, str) and ("${" in value or "%{" in value):
        try:
            parts = template_parts(value)
        except TfParseError:
            return
        for part in parts:
            if part[0] in ("interp", "if"):
                _walk_refs(part[1], out)
            elif part[0] == "for":
                _walk_refs(part[1][2], out)
    elif isinstance(value, list):
        for v in value:
            _json_refs(v, out)
    elif isinstance(value, dict):
        for k, v in value.items():
            _json_refs(k, out)
            _json_refs(v, out)


RefSet = frozenset[tuple[str, tuple[str, ...]]]


def static_refs(expr: Any, cache: dict[int, tuple[object, RefSet]]) -> RefSet:
    """(root name, leading attribute names) of every traversal in *expr*."""
    cached = cache.get(id(expr))
    if cached is not None and cached[0] is expr:
        return cached[1]
    out: set[tuple[str, tuple[str, ...]]] = set()
    try:
        if isinstance(expr, JsonExpr):
            if not expr.literal:
                _json_refs(expr.value, out)
        else:
            _walk_refs(expr, out)
    except RecursionError:
        pass  # absurdly nested JSON: the references found so far are all we can offer
    result = frozenset(out)
    cache[id(expr)] = (expr, result)
    return result


def _block_exprs(block: Block) -> Iterator[Any]:
    for attr in block.attrs.values():
        yield attr.expr
    for nested in block.blocks:
        yield from _block_exprs(nested)


# ------------------------------------------------------------------ module definitions


@dataclass
class _ModuleDef:
    dir: str
    real: str
    resources: dict[tuple[str, str, str], Block] = field(default_factory=dict)
    variables: dict[str, Block] = field(default_factory=dict)
    locals: dict[str, Attr] = field(default_factory=dict)
    outputs: dict[str, Attr] = field(default_factory=dict)
    calls: dict[str, Block] = field(default_factory=dict)
    #: provider blocks by configuration address: "aws", "aws.west" (alias)
    providers: dict[str, Block] = field(default_factory=dict)


@dataclass
class _Item:
    """One instance of an expanded resource or module call."""

    key: object  # None (no count/for_each), int, str, or UNKNOWN
    suffix: str
    bindings: dict[str, object]


@dataclass
class _Expansion:
    kind: str  # "single" | "count" | "for_each" | "unknown"
    items: list[_Item]


@dataclass
class Capture:
    """What one computation reported and what it read (for the incremental cache, ``_incremental.py``).

    ``deps`` are the facts of the file system the computation's result depends on: ``("real",
    path, realpath)``, ``("file", path, digest)``, ``("listing", directory, files)`` and
    ``("manifest", path, digest)``; a cached result is reused only when all of them still hold.
    """

    errors: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)
    deps: list[tuple[str, ...]] = field(default_factory=list)


class _Loader:
    def __init__(
        self,
        scan_root: str,
        var_files: Sequence[str],
        variables: Mapping[str, str],
        parse: Callable[[str], ParsedFile] | None = None,
    ) -> None:
        self.root_real = os.path.realpath(scan_root)
        #: How a file is parsed: ``parse_file`` unless the caller brings its own (cache, pool).
        self.parse_hook = parse
        self.var_files = list(var_files)
        self.variables = dict(variables)
        self.result = TfResult()
        self.parsed: dict[str, ParsedFile | None] = {}
        self.defs: dict[str, _ModuleDef | None] = {}
        self.dir_files: dict[str, list[str]] = {}
        self.modules_json: dict[str, dict[str, str] | None] = {}
        self.budget = MAX_TOTAL_INSTANCES
        self.budget_reported = False
        self.ref_cache: dict[int, tuple[object, RefSet]] = {}
        self.instances: list[_Inst] = []
        #: Set by the incremental cache: file digests, and the captures now recording.
        self.memo: Memo | None = None
        self.captures: list[Capture] = []
        #: What memoized steps (a file parsed, a module read, a manifest read) reported and read,
        #: replayed into the captures of later steps that reuse them.
        self.effects: dict[tuple[str, str], Capture] = {}

    def error(self, file: str, line: int | None, message: str) -> None:
        error = Problem(file, line, message)
        self.result.errors.append(error)
        for capture in self.captures:
            capture.errors.append(error)

    def notice(self, file: str, line: int | None, message: str) -> None:
        notice = Problem(file, line, message)
        self.result.notices.append(notice)
        for capture in self.captures:
            capture.notices.append(notice)

    def depend(self, *dep: str) -> None:
        for capture in self.captures:
            capture.deps.append(dep)

    @contextmanager
    def capture(self, key: tuple[str, str] | None = None) -> Iterator[Capture]:
        """Record what the block reports and reads; under *key* too, to replay when it is reused."""
        capture = Capture()
        if self.memo is None:
            yield capture
            return
        self.captures.append(capture)
        try:
            yield capture
        finally:
            self.captures.pop()
            if key is not None:
                self.effects[key] = capture

    def replay(self, key: tuple[str, str]) -> None:
        effects = self.effects.get(key)
        if effects is None:
            return
        for capture in self.captures:
            capture.errors += effects.errors
            capture.notices += effects.notices
            capture.deps += effects.deps

    def realpath(self, path: str) -> str:
        real = os.path.realpath(path)
        self.depend("real", path, real)
        return real

    def parse(self, path: str) -> ParsedFile | None:
        real = os.path.realpath(path)
        if real in self.parsed:
            self.replay(("parse", real))
            return self.parsed[real]
        with self.capture(("parse", real)):
            self.depend("real", path, real)
            if self.memo is not None:
                self.depend("file", path, self.memo.digest(path))
            try:
                self.parsed[real] = (self.parse_hook or parse_file)(path)
            except TfParseError as exc:
                self.error(path, exc.line, f"cannot parse: {exc}")
                self.parsed[real] = None
        return self.parsed[real]

    def release(self, start: int | None = None) -> None:
        """Drop the module instances created since *start*, once their root module's result is
        complete; without *start*, all of them and the parse trees too."""
        self._release_instances(start or 0)
        if start is None:
            self.parsed.clear()
            self.defs.clear()

    def _release_instances(self, start: int) -> None:
        """Drop instances from *start* on.

        Instances refer to each other and to themselves (lazy namespaces, bound methods), so
        without this the whole graph, parse trees included, waits for the cyclic garbage
        collector, whose walk over millions of tree nodes costs more than freeing them.
        """
        for inst in self.instances[start:]:
            inst.__dict__.clear()
        del self.instances[start:]
        self.ref_cache.clear()  # keyed by expression: it keeps their trees alive

    def forget(self, folders: Iterable[str]) -> None:
        """Drop the parse trees and module definitions of selected *folders* (real paths); a later
        use reads them again."""
        for real in folders:
            self.defs.pop(real, None)
            for path in self.dir_files.get(real, ()):
                self.parsed.pop(os.path.realpath(path), None)

    def take_budget(self, count: int, file: str, line: int) -> bool:
        if count <= self.budget:
            self.budget -= count
            return True
        if not self.budget_reported:
            self.error(file, line, f"stopped expanding: more than {MAX_TOTAL_INSTANCES} instances in total")
            self.budget_reported = True
        return False

    def module_def(self, directory: str) -> _ModuleDef | None:
        real = os.path.realpath(directory)
        if real in self.defs:
            self.replay(("def", real))
            return self.defs[real]
        with self.capture(("def", real)):
            self.depend("real", directory, real)
            return self._module_def(directory, real)

    def dir_listing(self, directory: str, real: str) -> list[str]:
        """The Terraform files of a module directory: the selected ones, else what the folder holds."""
        files = self.dir_files.get(real)
        if files is None:
            # A module directory outside the selection (e.g. under .terraform/modules): read it as Terraform would.
            try:
                files = sorted(str(p) for p in Path(directory).iterdir() if _is_config(p.name) and p.is_file())
            except OSError:
                files = []
        return files

    def _module_def(self, directory: str, real: str) -> _ModuleDef | None:
        files = self.dir_listing(directory, real)
        self.depend("listing", directory, real, *files)
        if not files:
            self.defs[real] = None
            return None
        defn = _ModuleDef(directory, real)
        blocks: list[Block] = []
        overrides: list[Block] = []
        for path in files:
            parsed = self.parse(path)
            if parsed is not None:
                (overrides if _is_override(path) else blocks).extend(parsed.blocks)
        for block in blocks:
            self._declare(defn, block)
        for block in overrides:
            self._override(defn, block)
        self.defs[real] = defn
        return defn

    def _declare(self, defn: _ModuleDef, block: Block) -> None:
        kind, labels = block.type, block.labels
        if kind in ("resource", "data") and len(labels) == 2:
            key = ("managed" if kind == "resource" else "data", labels[0], labels[1])
            self._unique(defn.resources, key, block, f"{kind} {labels[0]}.{labels[1]}")
        elif kind == "variable" and len(labels) == 1:
            self._unique(defn.variables, labels[0], block, f"variable {labels[0]}")
        elif kind == "module" and len(labels) == 1:
            self._unique(defn.calls, labels[0], block, f"module {labels[0]}")
        elif kind == "output" and len(labels) == 1 and "value" in block.attrs:
            self._unique(defn.outputs, labels[0], block.attrs["value"], f"output {labels[0]}", block)
        elif kind == "locals":
            for name, attr in block.attrs.items():
                self._unique(defn.locals, name, attr, f"local value {name}", block)
        elif kind == "provider" and len(labels) == 1:
            alias = evaluate(block.attrs["alias"].expr, EMPTY_ENV) if "alias" in block.attrs else None
            # Duplicates are Terraform's error to report; the first block is as good a guess as any.
            defn.providers.setdefault(f"{labels[0]}.{alias}" if isinstance(alias, str) else labels[0], block)

    def _unique(self, table: dict[Any, Any], key: object, value: object, what: str, block: Block | None = None) -> None:
        if key in table:
            where = block if block is not None else value
            assert isinstance(where, Block)
            self.error(where.file, getattr(value, "line", where.line), f"duplicate {what}")
            return
        table[key] = value

    def _override(self, defn: _ModuleDef, block: Block) -> None:
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

    # -------------------------------------------------------------- module sources

    def local_target(self, defn: _ModuleDef, call: Block) -> str | None:
        source = self.call_source(call)
        if source is None or not source.startswith(("./", "../", ".\\", "..\\")):
            return None
        return os.path.normpath(Path(defn.dir) / source)

    @staticmethod
    def call_source(call: Block) -> str | None:
        attr = call.attrs.get("source")
        if attr is None:
            return None
        value = evaluate(attr.expr, EMPTY_ENV)
        return value if isinstance(value, str) else None

    def installed(self, root_dir: str, key: str) -> str | None:
        real = os.path.realpath(root_dir)
        if real in self.modules_json:
            self.replay(("manifest", real))
        else:
            with self.capture(("manifest", real)):
                self.depend("real", root_dir, real)
                manifest = Path(root_dir) / ".terraform" / "modules" / "modules.json"
                self.modules_json[real] = self._read_manifest(manifest)
        table = self.modules_json[real]
        if table is None or key not in table:
            return None
        return os.path.normpath(Path(root_dir) / table[key])

    def _read_manifest(self, manifest: Path) -> dict[str, str] | None:
        if not manifest.is_file():
            self.depend("manifest", str(manifest), "")
            return None
        try:
            data = manifest.read_bytes()
        except OSError as exc:
            self.depend("manifest", str(manifest), f"error {exc}")
            self.notice(str(manifest), None, f"cannot read module manifest: {exc}")
            return None
        if self.memo is not None:
            self.depend("manifest", str(manifest), self.memo.bytes_digest(data))
        try:
            # As read_text() would: universal newlines, so JSON error positions match.
            doc = json.loads(data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n"))
            modules = doc.get("Modules", [])
            return {str(m["Key"]): str(m["Dir"]) for m in modules if isinstance(m, dict) and "Key" in m and "Dir" in m}
        except (ValueError, AttributeError) as exc:
            self.notice(str(manifest), None, f"cannot read module manifest: {exc}")
            return None


class _Inst:
    """One instance of a module: its variables, locals, outputs and resources, evaluated lazily."""

    def __init__(
        self,
        loader: _Loader,
        defn: _ModuleDef,
        *,
        prefix: str = "",
        static: str = "",
        parent: _Inst | None = None,
        key_path: tuple[str, ...] = (),
        root_dir: str | None = None,
        provided: dict[str, Callable[[], object]] | None = None,
        provided_refs: Callable[[str], set[str]] | None = None,
        providers: dict[str, str] | None = None,
    ) -> None:
        loader.instances.append(self)
        self.loader = loader
        self.defn = defn
        self.prefix = prefix
        self.static = static
        self.parent = parent
        self.depth: int = 0 if parent is None else parent.depth + 1
        self.key_path = key_path
        self.root_dir = root_dir if root_dir is not None else defn.dir
        self.provided = provided or {}
        self.provided_refs = provided_refs
        #: The call's ``providers`` argument (this module's provider address -> the caller's), or
        #: None when it has none and the module inherits the caller's default providers.
        self.providers = providers
        self._provider_defaults: dict[str, tuple[dict[str, object], str] | None] = {}
        self.env = Env(self.resolve)
        self._vars: dict[str, object] = {}
        self._locals: dict[str, object] = {}
        self._outputs: dict[str, object] = {}
        self._busy: set[object] = set()
        self._expansions: dict[int, _Expansion] = {}
        self._attrs: dict[tuple[int, int], tuple[dict[str, object], dict[str, int]]] = {}
        self._resource_values: dict[tuple[str, str, str], object] = {}
        self._children: dict[str, tuple[_Expansion, list[_Inst]] | None] = {}
        self._ref_memo: dict[object, set[str]] = {}
        self._namespaces: dict[str, object] = {
            "var": _Lazy(self.var),
            "local": _Lazy(self.local),
            "module": _Lazy(self.module_value),
            "data": _DATA,
            "path": Partial({"module": defn.dir, "root": self.root_dir}),
            "terraform": Partial(),
        }

    # -------------------------------------------------------------- names

    def resolve(self, name: str) -> object:
        found = self._namespaces.get(name)
        if found is not None:
            return found
        if name in ("count", "each", "self"):
            return UNKNOWN
        return _Lazy(lambda res_name: self.resource_value(name, res_name))

    def _guarded(self, key: object, cache: dict[str, object], name: str, compute: Callable[[], object]) -> object:
        if name in cache:
            return cache[name]
        if key in self._busy:
            return UNKNOWN  # a cycle: Terraform rejects it, we just cannot know the value
        self._busy.add(key)
        try:
            value = compute()
        finally:
            self._busy.discard(key)
        cache[name] = value
        return value

    def var(self, name: str) -> object:
        block = self.defn.variables.get(name)
        if block is None:
            return UNKNOWN
        return self._guarded(("var", name), self._vars, name, lambda: self._var_value(block, name))

    def _var_value(self, block: Block, name: str) -> object:
        getter = self.provided.get(name)
        if getter is not None:
            value = getter()
        elif "default" in block.attrs:
            value = evaluate(block.attrs["default"].expr, EMPTY_ENV)
        else:
            return UNKNOWN
        return _convert(value, block.attrs.get("type"))

    def local(self, name: str) -> object:
        attr = self.defn.locals.get(name)
        if attr is None:
            return UNKNOWN
        return self._guarded(("local", name), self._locals, name, lambda: evaluate(attr.expr, self.env))

    def output(self, name: str) -> object:
        attr = self.defn.outputs.get(name)
        if attr is None:
            return UNKNOWN
        return self._guarded(("output", name), self._outputs, name, lambda: evaluate(attr.expr, self.env))

    def module_value(self, name: str) -> object:
        found = self.children(name)
        if found is None:
            return UNKNOWN
        expansion, insts = found
        values: list[object] = [_Lazy(inst.output) for inst in insts]
        if expansion.kind == "single":
            return values[0]
        if expansion.kind == "count":
            return values
        if expansion.kind == "for_each":
            return {str(item.key): v for item, v in zip(expansion.items, values, strict=True)}
        return UNKNOWN

    def resource_value(self, rtype: str, name: str) -> object:
        key = ("managed", rtype, name)
        block = self.defn.resources.get(key)
        if block is None:
            return UNKNOWN
        if key in self._resource_values:
            return self._resource_values[key]
        if key in self._busy:
            return UNKNOWN
        self._busy.add(key)
        try:
            expansion = self.expand(block)
            address = f"{self.prefix}{rtype}.{name}"
            objects = [
                _resource_object(self.instance_attrs(block, i)[0], address + item.suffix)
                for i, item in enumerate(expansion.items)
            ]
            value: object
            if expansion.kind == "single":
                value = objects[0]
            elif expansion.kind == "count":
                value = objects
            elif expansion.kind == "for_each":
                value = {str(item.key): obj for item, obj in zip(expansion.items, objects, strict=True)}
            else:
                value = UnkeyedResource(objects[0])
        finally:
            self._busy.discard(key)
        self._resource_values[key] = value
        return value

    # -------------------------------------------------------------- expansion

    def expand(self, block: Block) -> _Expansion:
        cached = self._expansions.get(id(block))
        if cached is None:
            cached = self._expand(block)
            self._expansions[id(block)] = cached
        return cached

    def _expand(self, block: Block) -> _Expansion:
        unknown = _Expansion("unknown", [_Item(UNKNOWN, "", {"count": Partial(), "each": Partial()})])
        count_attr, each_attr = block.attrs.get("count"), block.attrs.get("for_each")
        if count_attr is None and each_attr is None:
            return _Expansion("single", [_Item(None, "", {})])
        if count_attr is not None and each_attr is not None:
            self.loader.error(block.file, block.line, "count and for_each cannot both be set")
            return unknown
        if count_attr is not None:
            value = evaluate(count_attr.expr, self.env)
            if has_unknown(value):
                return unknown
            try:
                count = to_number(value)
            except EvalError:
                count = -1
            if not isinstance(count, int) or count < 0:
                self.loader.error(block.file, count_attr.line, f"invalid count value {value!r}")
                return unknown
            if not self._within_limits(block, count):
                return unknown
            return _Expansion("count", [_Item(i, f"[{i}]", {"count": {"index": i}}) for i in range(count)])
        assert each_attr is not None
        value = evaluate(each_attr.expr, self.env)
        if is_unknown(value):
            return unknown
        pairs: list[tuple[str, object]]
        if isinstance(value, dict):
            pairs = [(k, value[k]) for k in sorted(value)]
        elif isinstance(value, list):
            if has_unknown(value):
                return unknown
            if not all(isinstance(v, str) for v in value):
                self.loader.error(block.file, each_attr.line, "for_each needs a map or a set of strings")
                return unknown
            pairs = [(v, v) for v in sorted({str(v) for v in value})]
        else:
            self.loader.error(block.file, each_attr.line, f"invalid for_each value {value!r}")
            return unknown
        if not self._within_limits(block, len(pairs)):
            return unknown
        return _Expansion("for_each", [_Item(k, _key_suffix(k), {"each": {"key": k, "value": v}}) for k, v in pairs])

    def _within_limits(self, block: Block, count: int) -> bool:
        if count > MAX_INSTANCES_PER_RESOURCE:
            self.loader.error(block.file, block.line, f"more than {MAX_INSTANCES_PER_RESOURCE} instances; not expanded")
            return False
        return True

    # -------------------------------------------------------------- resource bodies

    def instance_attrs(self, block: Block, index: int) -> tuple[dict[str, object], dict[str, int]]:
        key = (id(block), index)
        if key not in self._attrs:
            env = self.env.bind(self.expand(block).items[index].bindings)
            self._attrs[key] = self._body(block, env, top=True)
        return self._attrs[key]

    def _body(self, block: Block, env: Env, top: bool) -> tuple[dict[str, object], dict[str, int]]:
        values: dict[str, object] = {}
        lines: dict[str, int] = {}
        for name, attr in block.attrs.items():
            if top and name in _RESOURCE_META:
                continue
            values[name] = evaluate(attr.expr, env)
            lines[name] = attr.line
        groups: dict[str, list[object] | Unknown] = {}
        for nested in block.blocks:
            found: list[object] | Unknown
            dynamic = nested.type == "dynamic" and bool(nested.labels)
            label = nested.labels[0] if dynamic else nested.type
            previous = groups.get(label, [])
            if dynamic:
                found = self._dynamic(nested, env)
                item_lines = [_content_lines(nested)] * len(found) if isinstance(found, list) else []
            elif top and label == "lifecycle":
                found, item_lines = [self._lifecycle(nested, env)], []
            else:
                body, body_lines = self._body(nested, env, False)
                found, item_lines = [body], [(nested.line, body_lines)]
            lines.setdefault(label, nested.line)
            # Nested blocks' lines under dotted paths (`spec.0.replicas`), so a finding about a
            # setting inside a block can point at it; Terraform names never contain a dot.
            offset = len(previous) if isinstance(previous, list) else 0
            for position, (line, inner) in enumerate(item_lines, start=offset):
                lines.setdefault(f"{label}.{position}", line)
                for key, value in inner.items():
                    lines.setdefault(f"{label}.{position}.{key}", value)
            groups[label] = (
                UNKNOWN if isinstance(found, Unknown) or isinstance(previous, Unknown) else [*previous, *found]
            )
        for label, group in groups.items():
            values.setdefault(label, group)
        return values, lines

    def _dynamic(self, block: Block, env: Env) -> list[object] | Unknown:
        each_attr = block.attrs.get("for_each")
        content = next((b for b in block.blocks if b.type == "content"), None)
        if each_attr is None or content is None:
            return UNKNOWN
        iterator = block.labels[0]
        if "iterator" in block.attrs:
            it = block.attrs["iterator"].expr
            name = it.value if isinstance(it, JsonExpr) else _identifier_text(it)
            if not isinstance(name, str):
                return UNKNOWN
            iterator = name
        collection = evaluate(each_attr.expr, env)
        if is_unknown(collection) or not isinstance(collection, (list, dict)):
            return UNKNOWN
        pairs = (
            [(k, collection[k]) for k in sorted(collection)]
            if isinstance(collection, dict)
            else list(enumerate(collection))
        )
        return [self._body(content, env.bind({iterator: {"key": k, "value": v}}), False)[0] for k, v in pairs]

    def _lifecycle(self, block: Block, env: Env) -> dict[str, object]:
        values = self._body(block, env, False)[0]
        for name in ("ignore_changes", "replace_triggered_by"):
            attr = block.attrs.get(name)
            if attr is not None:
                # These hold attribute paths, not values: keep their text.
                values[name] = _traversal_list(attr.expr)
        return values

    # -------------------------------------------------------------- module calls

    def children(self, name: str) -> tuple[_Expansion, list[_Inst]] | None:
        if name not in self._children:
            self._children[name] = None  # also breaks re-entry while instantiating
            self._children[name] = self._instantiate(name)
        return self._children[name]

    def _instantiate(self, name: str) -> tuple[_Expansion, list[_Inst]] | None:
        call = self.defn.calls.get(name)
        if call is None:
            return None
        loader = self.loader
        source = loader.call_source(call)
        if source is None:
            loader.error(call.file, call.line, f"module {name!r}: source must be a literal string")
            return None
        target = loader.local_target(self.defn, call)
        key = ".".join((*self.key_path, name))
        if target is None:
            target = loader.installed(self.root_dir, key)
            if target is None:
                loader.notice(
                    call.file,
                    call.line,
                    f"module {name!r}: source {source!r} is not installed locally (no entry in "
                    ".terraform/modules/modules.json); its outputs are unknown",
                )
                return None
        real = loader.realpath(target)
        if not _inside(real, loader.root_real):
            loader.error(
                call.file, call.line, f"module {name!r}: source {source!r} resolves outside the scan root ({real})"
            )
            return None
        ancestor: _Inst | None = self
        while ancestor is not None:
            if ancestor.defn.real == real:
                loader.error(call.file, call.line, f"module {name!r}: recursive module call ({source!r})")
                return None
            ancestor = ancestor.parent
        if self.depth + 1 > MAX_MODULE_DEPTH:
            loader.error(call.file, call.line, f"module {name!r}: nesting deeper than {MAX_MODULE_DEPTH} modules")
            return None
        defn = loader.module_def(target)
        if defn is None:
            loader.error(call.file, call.line, f"module {name!r}: no Terraform files in {target}")
            return None
        expansion = self.expand(call)
        if not loader.take_budget(len(expansion.items), call.file, call.line):
            return None
        insts = [self._child(name, call, defn, item) for item in expansion.items]
        return expansion, insts

    def _child(self, name: str, call: Block, defn: _ModuleDef, item: _Item) -> _Inst:
        env = self.env.bind(item.bindings)
        provided: dict[str, Callable[[], object]] = {}
        for arg, attr in call.attrs.items():
            if arg not in _CALL_META:
                provided[arg] = partial(evaluate, attr.expr, env)

        def arg_refs(var_name: str) -> set[str]:
            attr = call.attrs.get(var_name)
            if attr is None or var_name in _CALL_META:
                return set()
            refs = self.refs_of(attr.expr)
            if any(root in ("count", "each") for root, _ in static_refs(attr.expr, self.loader.ref_cache)):
                for meta in ("count", "for_each"):
                    if meta in call.attrs:
                        refs |= self.refs_of(call.attrs[meta].expr)
            return refs

        return _Inst(
            self.loader,
            defn,
            prefix=f"{self.prefix}module.{name}{item.suffix}.",
            static=f"{self.static}module.{name}.",
            parent=self,
            key_path=(*self.key_path, name),
            root_dir=self.root_dir,
            provided=provided,
            provided_refs=arg_refs,
            providers=_provider_map(call.attrs["providers"].expr) if "providers" in call.attrs else None,
        )

    # -------------------------------------------------------------- providers

    def provider_defaults(self, address: str) -> tuple[dict[str, object], str] | None:
        """The tags (AWS ``default_tags``) or labels (Google ``default_labels``) that the provider
        configuration *address* (``aws``, ``aws.west``) adds to every resource it manages, and where
        they come from; None when it adds none, or when the configuration is not known."""
        if address not in self._provider_defaults:
            self._provider_defaults[address] = None  # also breaks re-entry
            self._provider_defaults[address] = self._find_provider_defaults(address)
        return self._provider_defaults[address]

    def _find_provider_defaults(self, address: str) -> tuple[dict[str, object], str] | None:
        block = self.defn.providers.get(address)
        if block is not None:
            where = f"provider {address}" + (f" in {self.prefix.rstrip('.')}" if self.prefix else "")
            for nested in block.blocks:
                if nested.type == "default_tags" and "tags" in nested.attrs:
                    tags = finalize(evaluate(nested.attrs["tags"].expr, self.env))
                    return (tags, f"{where} default_tags") if isinstance(tags, dict) else None
            if "default_labels" in block.attrs:
                labels = finalize(evaluate(block.attrs["default_labels"].expr, self.env))
                return (labels, f"{where} default_labels") if isinstance(labels, dict) else None
            return None
        if self.parent is None:
            return None
        if self.providers is None:
            # Without a providers argument a module inherits its caller's default (unaliased) providers.
            return None if "." in address else self.parent.provider_defaults(address)
        passed = self.providers.get(address)
        return self.parent.provider_defaults(passed) if passed is not None else None

    # -------------------------------------------------------------- references

    def refs_of(self, expr: Any) -> set[str]:
        out: set[str] = set()
        for root, names in static_refs(expr, self.loader.ref_cache):
            if root == "var" and names:
                out |= self._memo_refs(("var", names[0]), self._var_refs, names[0])
            elif root == "local" and names:
                out |= self._memo_refs(("local", names[0]), self._local_refs, names[0])
            elif root == "module" and names:
                out |= self._module_refs(names[0], names[1] if len(names) > 1 else None)
            elif root == "data" and len(names) >= 2:
                if ("data", names[0], names[1]) in self.defn.resources:
                    out.add(f"{self.static}data.{names[0]}.{names[1]}")
            elif root not in _NOT_RESOURCES and names and ("managed", root, names[0]) in self.defn.resources:
                out.add(f"{self.static}{root}.{names[0]}")
        return out

    def _memo_refs(self, key: object, compute: Callable[[str], set[str]], name: str) -> set[str]:
        if key in self._ref_memo:
            return self._ref_memo[key]
        self._ref_memo[key] = set()  # cycle guard
        self._ref_memo[key] = compute(name)
        return self._ref_memo[key]

    def _var_refs(self, name: str) -> set[str]:
        return self.provided_refs(name) if self.provided_refs is not None else set()

    def _local_refs(self, name: str) -> set[str]:
        attr = self.defn.locals.get(name)
        return self.refs_of(attr.expr) if attr is not None else set()

    def _module_refs(self, call: str, output: str | None) -> set[str]:
        found = self.children(call)
        if found is None:
            return set()
        out: set[str] = set()
        for child in found[1][:1]:  # every instance has the same static references
            names = [output] if output is not None else list(child.defn.outputs)
            for name in names:
                attr = child.defn.outputs.get(name)
                if attr is not None:
                    out |= child._memo_refs(("output", name), child.output_refs, name)
        return out

    def output_refs(self, name: str) -> set[str]:
        attr = self.defn.outputs.get(name)
        return self.refs_of(attr.expr) if attr is not None else set()

    def block_refs(self, block: Block) -> set[str]:
        out: set[str] = set()
        for expr in _block_exprs(block):
            out |= self.refs_of(expr)
        return out

    def _symbols(self, block: Block, values: dict[str, object]) -> dict[str, str]:
        """Keys for the unknown top-level values written with variables and locals only (no
        resource, data source, module, ``count`` or ``each``), so that two resources that write the
        same expression, as a bucket and its versioning configuration often do, can be linked."""
        out: dict[str, str] = {}
        for name, attr in block.attrs.items():
            if values.get(name) is not UNKNOWN:
                continue
            refs = static_refs(attr.expr, self.loader.ref_cache)
            if not refs or any(root not in {"var", "local"} for root, _ in refs):
                continue
            text = json.dumps(attr.expr.value, sort_keys=True) if isinstance(attr.expr, JsonExpr) else repr(attr.expr)
            if len(text) <= 4_000:  # a long expression is not a name
                out[name] = f"{self.prefix}{text}"
        return out

    # -------------------------------------------------------------- output

    def emit(self) -> None:
        module_dirs = []
        inst: _Inst | None = self
        while inst is not None:
            module_dirs.append(inst.defn.dir)
            inst = inst.parent
        for (mode, rtype, name), block in self.defn.resources.items():
            expansion = self.expand(block)
            if not self.loader.take_budget(len(expansion.items), block.file, block.line):
                return
            own = f"{self.static}{'data.' if mode == 'data' else ''}{rtype}.{name}"
            refs = self.block_refs(block) - {own}
            provider = _provider_of(block, rtype)
            defaults = self.provider_defaults(provider) if provider is not None else None
            for i, item in enumerate(expansion.items):
                attrs, lines = self.instance_attrs(block, i)
                plain = finalize(attrs)
                assert isinstance(plain, dict)
                tags = plain.get("tags", plain.get("labels"))
                self.loader.result.instances.append(
                    TfInstance(
                        address=f"{self.prefix}{'data.' if mode == 'data' else ''}{rtype}.{name}{item.suffix}",
                        type=rtype,
                        name=name,
                        mode=mode,
                        file=block.file,
                        line=block.line,
                        attributes=plain,
                        attribute_lines=dict(lines),
                        references=set(refs),
                        tags=dict(tags) if isinstance(tags, dict) else {},
                        default_tags=dict(defaults[0]) if defaults is not None else {},
                        default_tags_from=defaults[1] if defaults is not None else "",
                        source="hcl",
                        expansion=expansion.kind,
                        symbols=self._symbols(block, plain),
                        module_dirs=tuple(reversed(module_dirs)),
                    )
                )
        for call in self.defn.calls:
            found = self.children(call)
            if found is not None:
                for child in found[1]:
                    child.emit()


def _provider_of(block: Block, rtype: str) -> str | None:
    """The provider configuration a resource uses: its ``provider`` argument, else the default
    configuration of the provider its type is named after (``aws_instance`` -> ``aws``)."""
    attr = block.attrs.get("provider")
    if attr is None:
        return rtype.split("_", 1)[0]
    text = attr.expr.value if isinstance(attr.expr, JsonExpr) else _traversal_text(attr.expr)
    return text if isinstance(text, str) else None


def _provider_map(expr: Any) -> dict[str, str]:
    """A module call's ``providers = { aws = aws.west, aws.peer = aws.east }``, as text."""
    if isinstance(expr, JsonExpr):
        value = expr.value
        return {str(k): v for k, v in value.items() if isinstance(v, str)} if isinstance(value, dict) else {}
    inner = expr
    while inner.data == "expr_term" and len(inner.children) == 1:
        inner = inner.children[0]
    if inner.data != "object":
        return {}
    found: dict[str, str] = {}
    for elem in trees(inner):
        key_node, value_node = trees(elem)
        key, value = _traversal_text(trees(key_node)[0]), _traversal_text(value_node)
        if isinstance(key, str) and isinstance(value, str):
            found[key] = value
    return found


def _content_lines(block: Block) -> tuple[int, dict[str, int]]:
    """The line of a dynamic block's ``content`` and of its attributes (each generated block shares them)."""
    content = next((b for b in block.blocks if b.type == "content"), None)
    if content is None:
        return block.line, {}
    return content.line, {name: attr.line for name, attr in content.attrs.items()}


def _identifier_text(expr: Any) -> str | None:
    base, steps = _flatten_chain(expr)
    if steps or base.data != "identifier":
        return None
    return str(base.children[0])


def _traversal_text(expr: Any) -> object:
    base, steps = _flatten_chain(expr)
    if base.data != "identifier":
        value = evaluate(expr, EMPTY_ENV)  # legacy quoted form: ignore_changes = ["tags"]
        return value if isinstance(value, str) else UNKNOWN
    text = str(base.children[0])
    for step in steps:
        if step.data == "get_attr":
            text += "." + name_of(trees(step)[0])
        elif step.data in ("braces_index", "short_index"):
            key = evaluate(trees(step)[0], EMPTY_ENV) if step.data == "braces_index" else str(step.children[-1])
            if is_unknown(key):
                return UNKNOWN
            text += f"[{json.dumps(key)}]"
        else:
            return UNKNOWN
    return text


def _traversal_list(expr: Any) -> object:
    if isinstance(expr, JsonExpr):
        return expr.value
    if _identifier_text(expr) == "all":
        return "all"
    inner = expr
    while inner.data == "expr_term" and len(inner.children) == 1:
        inner = inner.children[0]
    if inner.data != "tuple":
        return UNKNOWN
    return [_traversal_text(e) for e in trees(inner)]


def _type_kind(attr: Attr | None) -> str | None:
    """'string' | 'number' | 'bool' for primitive constraints, 'object' when optional attributes may be filled in."""
    if attr is None:
        return None
    expr = attr.expr
    if isinstance(expr, JsonExpr):
        text = str(expr.value)
        if text in ("string", "number", "bool"):
            return text
        return "object" if "object(" in text else None
    name = _identifier_text(expr)
    if name in ("string", "number", "bool"):
        return name
    stack = [expr]
    while stack:
        cur = stack.pop()
        if isinstance(cur, str) or not hasattr(cur, "data"):
            continue
        if cur.data == "function_call" and name_of(trees(cur)[0]) == "object":
            return "object"
        stack.extend(c for c in cur.children if not isinstance(c, str))
    return None


def _convert(value: object, type_attr: Attr | None) -> object:
    kind = _type_kind(type_attr)
    if kind is None or value is None or (has_unknown(value) and kind != "object"):
        return value
    try:
        if kind == "string":
            return to_string(value)
        if kind == "number":
            return to_number(value)
        if kind == "bool":
            return to_bool(value)
    except EvalError:
        return UNKNOWN
    # Object types drop undeclared attributes and fill optional ones we do not model: never guess them.
    return _partial(value)


# ------------------------------------------------------------------ root variables


def _cli_value(text: str, type_attr: Attr | None) -> object:
    if _type_kind(type_attr) in ("string", "number", "bool"):
        return text
    try:
        expr = parse_expression(text)
    except TfParseError:
        return text

    def refuse(_name: str) -> object:
        raise EvalError("not a literal")

    try:
        from reslint.terraform._eval import ev

        value = ev(expr, Env(refuse))
    except (EvalError, RecursionError):
        return text
    return text if isinstance(value, Namespace) or has_unknown(value) else value


def _same(value: object) -> object:
    return value


def _root_provided(loader: _Loader, defn: _ModuleDef, tfvars: list[str]) -> dict[str, Callable[[], object]]:
    provided: dict[str, Callable[[], object]] = {}

    def auto_order(path: str) -> tuple[int, str]:
        base = Path(path).name
        return (0 if base.startswith("terraform.tfvars") else 1, base)

    auto = sorted(
        (
            p
            for p in tfvars
            if Path(p).name in ("terraform.tfvars", "terraform.tfvars.json")
            or p.endswith((".auto.tfvars", ".auto.tfvars.json"))
        ),
        key=auto_order,
    )
    for path in [*auto, *loader.var_files]:
        parsed = loader.parse(path)
        if parsed is None:
            continue
        for name, attr in parsed.attrs.items():
            provided[name] = partial(evaluate, attr.expr, EMPTY_ENV)
    for name, text in loader.variables.items():
        block = defn.variables.get(name)
        value = _cli_value(text, block.attrs.get("type") if block is not None else None)
        provided[name] = partial(_same, value)
    return provided


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
    loader = _Loader(scan_root, var_files, variables, parse)
    loader.memo = memo
    config_dirs: dict[str, str] = {}
    tfvars: dict[str, list[str]] = {}
    for path in files:
        directory = str(Path(path).parent)
        real = os.path.realpath(directory)
        if _is_config(path):
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


def _holds_trees(loader: _Loader) -> bool:
    """Whether the trees read to find the root modules are kept for them: always without the cache
    (nothing to read them back from), else only for small selections."""
    if loader.memo is None:
        return True
    size = sum(len(loader.memo.parser.text(path)) for paths in loader.dir_files.values() for path in paths)
    return size <= RETAIN_TREES_BYTES


def _evaluate_roots(
    loader: _Loader,
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


def _cached_folder(loader: _Loader, directory: str, real: str) -> _Folder | None:
    memo = loader.memo
    if memo is None:
        return None
    key = memo.folder_key(directory, loader.dir_files[real])
    cached = memo.get_folder(key)
    return None if cached is None else (key, cached[0], cached[1])


def _local_calls(loader: _Loader, directory: str, real: str, known: _Folder | None) -> list[str] | None:
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
            targets = [t for t in (loader.local_target(defn, call) for call in defn.calls.values()) if t is not None]
    if loader.memo is not None:
        # Its parse errors stay with the folder even if a later root re-reads it from the parse cache.
        loader.memo.put_folder(loader.memo.folder_key(directory, loader.dir_files[real]), targets, capture)
    return targets


def _root_key(loader: _Loader, directory: str, tfvars: list[str]) -> str | None:
    if loader.memo is None:
        return None
    return loader.memo.root_key(directory, loader.root_real, tfvars, loader.var_files, loader.variables)


def _load_root(loader: _Loader, directory: str, tfvars: list[str], key: str | None, cached: RootEntry | None) -> None:
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
            return
        inst = _Inst(loader, defn, provided=_root_provided(loader, defn, tfvars))
        inst.emit()
    # A root cut short by the budget depends on the roots before it: not reusable on its own.
    if loader.memo is not None and key is not None and not loader.budget_reported:
        loader.memo.put_root(key, loader.result.instances[count:], before - loader.budget, capture)


def _dedupe(items: list[Problem]) -> list[Problem]:
    seen: set[tuple[str, int | None, str]] = set()
    out: list[Problem] = []
    for item in items:
        key = (item.file, item.line, item.message)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out
