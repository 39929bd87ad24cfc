"""Reading ``terraform show -json`` plan documents into instances."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reslint.errors import Problem
from reslint.model import UNKNOWN, strip_instance_keys
from reslint.terraform._types import TfInstance, TfResult

if TYPE_CHECKING:
    from collections.abc import Iterator

_NOT_RESOURCES = {"var", "local", "module", "count", "each", "path", "terraform", "self"}


def _modules(module: dict[str, object]) -> Iterator[dict[str, object]]:
    yield module
    children = module.get("child_modules")
    if isinstance(children, list):
        for child in children:
            if isinstance(child, dict):
                yield from _modules(child)


def _config_index(module: object, prefix: str, out: dict[str, tuple[str, dict[str, object]]]) -> None:
    if not isinstance(module, dict):
        return
    for resource in module.get("resources") or []:
        if isinstance(resource, dict) and isinstance(resource.get("address"), str):
            out[prefix + resource["address"]] = (prefix, resource)
    calls = module.get("module_calls")
    if isinstance(calls, dict):
        for name, call in calls.items():
            if isinstance(call, dict):
                _config_index(call.get("module"), f"{prefix}module.{name}.", out)


def _ref_strings(value: object) -> Iterator[str]:
    if isinstance(value, dict):
        refs = value.get("references")
        if isinstance(refs, list):
            yield from (r for r in refs if isinstance(r, str))
        for key, item in value.items():
            if key != "references":
                yield from _ref_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _ref_strings(item)


def _resource_address(ref: str) -> str | None:
    parts = strip_instance_keys(ref).split(".")
    if parts[0] in _NOT_RESOURCES:
        return None
    if parts[0] == "data":
        return ".".join(parts[:3]) if len(parts) >= 3 else None
    return ".".join(parts[:2]) if len(parts) >= 2 else None


def _references(prefix: str, config: dict[str, object], own: str) -> set[str]:
    sources = [config.get("expressions"), config.get("count_expression"), config.get("for_each_expression")]
    out = {prefix + a for ref in _ref_strings(sources) if (a := _resource_address(ref)) is not None}
    depends = config.get("depends_on")
    if isinstance(depends, list):
        out |= {prefix + a for d in depends if isinstance(d, str) and (a := _resource_address(d)) is not None}
    out.discard(own)
    return out


def _with_unknowns(value: object, unknown: object) -> object:
    """Overlay ``after_unknown`` (true at leaves known only after apply) onto planned values."""
    if unknown is True:
        return UNKNOWN
    if isinstance(unknown, dict):
        base = dict(value) if isinstance(value, dict) else {}
        for key, sub in unknown.items():
            merged = _with_unknowns(base.get(key), sub)
            if merged is not None or key in base:
                base[key] = merged
        return base if base or isinstance(value, dict) else value
    if isinstance(unknown, list):
        items = list(value) if isinstance(value, list) else []
        for i, sub in enumerate(unknown):
            if i < len(items):
                items[i] = _with_unknowns(items[i], sub)
            elif sub is True or (isinstance(sub, (dict, list)) and sub):
                items.append(_with_unknowns(None, sub))
        return items if items or isinstance(value, list) else value
    return value


def load(path: str, data: dict[str, object]) -> TfResult:
    result = TfResult()
    version = str(data.get("format_version", ""))
    if version.split(".", maxsplit=1)[0] != "1":
        result.errors.append(Problem(path, None, f"unsupported plan format_version {version!r}"))
        return result
    planned = data.get("planned_values")
    root = planned.get("root_module") if isinstance(planned, dict) else None
    if not isinstance(root, dict):
        result.errors.append(Problem(path, None, "plan has no planned_values.root_module"))
        return result

    changes: dict[str, dict[str, object]] = {}
    for rc in data.get("resource_changes") or []:  # type: ignore[attr-defined]
        if isinstance(rc, dict) and isinstance(rc.get("address"), str) and isinstance(rc.get("change"), dict):
            changes[rc["address"]] = rc["change"]
    config: dict[str, tuple[str, dict[str, object]]] = {}
    configuration = data.get("configuration")
    if isinstance(configuration, dict):
        _config_index(configuration.get("root_module"), "", config)

    for module in _modules(root):
        for resource in module.get("resources") or []:  # type: ignore[attr-defined]
            if not isinstance(resource, dict) or not isinstance(resource.get("address"), str):
                continue
            address: str = resource["address"]
            change = changes.get(address, {})
            actions = change.get("actions")
            if isinstance(actions, list) and actions and set(actions) <= {"delete", "forget"}:
                continue
            values = resource.get("values")
            merged = _with_unknowns(values if isinstance(values, dict) else {}, change.get("after_unknown"))
            attributes = merged if isinstance(merged, dict) else {}
            static = strip_instance_keys(address)
            prefix, cfg = config.get(static, ("", {}))
            tags = attributes.get("tags", attributes.get("labels"))
            # The provider's default_tags / default_labels, merged with the resource's own.
            merged_key = "tags_all" if "tags_all" in attributes else "terraform_labels"
            merged = attributes.get(merged_key)
            result.instances.append(
                TfInstance(
                    address=address,
                    type=str(resource.get("type", "")),
                    name=str(resource.get("name", "")),
                    mode=str(resource.get("mode", "managed")),
                    file=path,
                    line=1,
                    attributes=attributes,
                    attribute_lines={},
                    references=_references(prefix, cfg, static) if cfg else set(),
                    tags=dict(tags) if isinstance(tags, dict) else {},
                    default_tags=dict(merged) if isinstance(merged, dict) else {},
                    default_tags_from=f"{merged_key} (provider defaults)",
                    source="plan",
                )
            )
    result.instances.sort(key=lambda i: (i.file, i.line, i.address))
    return result
