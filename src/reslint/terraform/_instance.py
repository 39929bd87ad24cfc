"""A module instance: its variables, locals, outputs and resources, evaluated lazily, and the
instances it emits."""

from __future__ import annotations

import json
from functools import partial
from typing import TYPE_CHECKING, Any

from reslint.model import UNKNOWN, Reference, Unknown
from reslint.terraform._eval import EMPTY_ENV, Env, evaluate
from reslint.terraform._expand import Expansion, Item, expand_block
from reslint.terraform._parse import Block, JsonExpr
from reslint.terraform._refs import (
    block_exprs,
    identifier_text,
    lone_variable,
    provider_map,
    static_refs,
    traversal_list,
    traversal_text,
)
from reslint.terraform._sources import resolve_call
from reslint.terraform._types import TfInstance
from reslint.terraform._values import Namespace, Partial, ResourceObject, UnkeyedResource, finalize, is_unknown
from reslint.terraform._variables import as_partial, convert

if TYPE_CHECKING:
    from collections.abc import Callable

    from reslint.terraform._modules import ModuleDef
    from reslint.terraform._state import Loader

_RESOURCE_META = {"count", "for_each", "provider", "depends_on"}
_CALL_META = {"source", "version", "count", "for_each", "providers", "depends_on"}
_NOT_RESOURCES = {"var", "local", "module", "data", "count", "each", "path", "terraform", "self"}


class _Lazy(Namespace):
    __slots__ = ("fn",)

    def __init__(self, fn: Callable[[str], object]) -> None:
        self.fn = fn

    def get(self, name: str) -> object:
        return self.fn(name)


_DATA = _Lazy(lambda _type: _Lazy(lambda _name: UNKNOWN))


def _resource_object(attrs: dict[str, object], address: str) -> ResourceObject:
    """The value of the instance at *address* whose configuration states *attrs*."""
    values: dict[str, object] = {}
    for name, value in attrs.items():
        # An argument set to null is not set: the provider may compute it (``name`` beside
        # ``name_prefix``). One stated with an unknowable value is still that attribute.
        values[name] = Reference(address, name) if value is None or value is UNKNOWN else as_partial(value)
    return ResourceObject(values, address)


class Inst:
    """One instance of a module: its variables, locals, outputs and resources, evaluated lazily."""

    def __init__(
        self,
        loader: Loader,
        defn: ModuleDef,
        *,
        prefix: str = "",
        static: str = "",
        parent: Inst | None = None,
        key_path: tuple[str, ...] = (),
        root_dir: str | None = None,
        provided: dict[str, Callable[[], object]] | None = None,
        provided_refs: Callable[[str], set[str]] | None = None,
        origins: dict[str, str] | None = None,
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
        #: Where each provided variable's value is set: a variables file and line, ``--var``, or
        #: the module call's argument (``terraform.tfvars:4 via module.db``).
        self.origins = origins or {}
        #: The call's ``providers`` argument (this module's provider address -> the caller's), or
        #: None when it has none and the module inherits the caller's default providers.
        self.providers = providers
        self._provider_defaults: dict[str, tuple[dict[str, object], str] | None] = {}
        self.env = Env(self.resolve)
        self._vars: dict[str, object] = {}
        self._locals: dict[str, object] = {}
        self._outputs: dict[str, object] = {}
        self._busy: set[object] = set()
        self._expansions: dict[int, Expansion] = {}
        self._attrs: dict[tuple[int, int], tuple[dict[str, object], dict[str, int]]] = {}
        self._resource_values: dict[tuple[str, str, str], object] = {}
        self._children: dict[str, tuple[Expansion, list[Inst]] | None] = {}
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
        return convert(value, block.attrs.get("type"))

    def var_origin(self, name: str) -> str | None:
        """Where variable *name*'s value is set, None when it has none."""
        block = self.defn.variables.get(name)
        if block is None:
            return None
        if name in self.provided:
            return self.origins.get(name)
        default = block.attrs.get("default")
        return None if default is None else f"default of var.{name} at {block.file}:{default.line}"

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

    def expand(self, block: Block) -> Expansion:
        cached = self._expansions.get(id(block))
        if cached is None:
            cached = expand_block(block, self.env, self.loader.error)
            self._expansions[id(block)] = cached
        return cached

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
            name = it.value if isinstance(it, JsonExpr) else identifier_text(it)
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
                values[name] = traversal_list(attr.expr)
        return values

    # -------------------------------------------------------------- module calls

    def children(self, name: str) -> tuple[Expansion, list[Inst]] | None:
        if name not in self._children:
            self._children[name] = None  # also breaks re-entry while instantiating
            self._children[name] = self._instantiate(name)
        return self._children[name]

    def _instantiate(self, name: str) -> tuple[Expansion, list[Inst]] | None:
        call = self.defn.calls.get(name)
        if call is None:
            return None
        loader = self.loader
        defn = resolve_call(loader, self, name, call)
        if defn is None:
            return None
        expansion = self.expand(call)
        if not loader.take_budget(len(expansion.items), call.file, call.line):
            return None
        insts = [self._child(name, call, defn, item) for item in expansion.items]
        return expansion, insts

    def _child(self, name: str, call: Block, defn: ModuleDef, item: Item) -> Inst:
        env = self.env.bind(item.bindings)
        provided: dict[str, Callable[[], object]] = {}
        origins: dict[str, str] = {}
        via = f"{self.static}module.{name}"
        for arg, attr in call.attrs.items():
            if arg not in _CALL_META:
                provided[arg] = partial(evaluate, attr.expr, env)
                # An argument that passes a variable on takes that variable's origin.
                passed = lone_variable(attr.expr)
                where = self.var_origin(passed) if passed is not None else None
                where = where.split(" via ")[0] if where is not None else f"{call.file}:{attr.line}"
                origins[arg] = f"{where} via {via}"

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

        return Inst(
            self.loader,
            defn,
            prefix=f"{self.prefix}module.{name}{item.suffix}.",
            static=f"{self.static}module.{name}.",
            parent=self,
            key_path=(*self.key_path, name),
            root_dir=self.root_dir,
            provided=provided,
            provided_refs=arg_refs,
            origins=origins,
            providers=provider_map(call.attrs["providers"].expr) if "providers" in call.attrs else None,
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
        for expr in block_exprs(block):
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

    def _origins(self, block: Block) -> dict[str, str]:
        """Where the values of the top-level attributes written ``var.NAME`` are set."""
        out: dict[str, str] = {}
        for name, attr in block.attrs.items():
            variable = lone_variable(attr.expr)
            where = self.var_origin(variable) if variable is not None else None
            if where is not None:
                out[name] = where
        return out

    # -------------------------------------------------------------- output

    def emit(self) -> None:
        module_dirs = []
        inst: Inst | None = self
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
                        origins=self._origins(block),
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
    text = attr.expr.value if isinstance(attr.expr, JsonExpr) else traversal_text(attr.expr)
    return text if isinstance(text, str) else None


def _content_lines(block: Block) -> tuple[int, dict[str, int]]:
    """The line of a dynamic block's ``content`` and of its attributes (each generated block shares them)."""
    content = next((b for b in block.blocks if b.type == "content"), None)
    if content is None:
        return block.line, {}
    return content.line, {name: attr.line for name, attr in content.attrs.items()}
