"""The Terraform input format: configurations (``.tf``, ``.tf.json``, tfvars) and plan JSON."""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING

from reslint.formats import ModelBuild, Problem
from reslint.model import UNKNOWN, Format, strip_instance_keys

if TYPE_CHECKING:
    from collections.abc import Sequence

    from reslint.cache import Cache
    from reslint.clouds import Record
    from reslint.formats import BuildOptions, SourceFile
    from reslint.terraform import TfInstance, TfResult
    from reslint.terraform._incremental import Memo
    from reslint.terraform._parse import FileParser

CONFIG_SUFFIXES = (".tf", ".tf.json", ".tfvars", ".tfvars.json")


class TerraformFormat:
    """Reads Terraform modules (a folder is a module) and ``terraform show -json`` plans."""

    name = "terraform"
    #: Builds are kept by the model cache (``modelcache.py``).
    model_cache = True
    priority = 10
    suffixes: tuple[str, ...] = (".tf", ".tf.json", ".tfvars", ".tfvars.json", ".json")

    def claims(self, path: str, text: str) -> bool:
        """Terraform files by suffix; JSON that is a plan by its keys."""
        if path.endswith(CONFIG_SUFFIXES):
            return True
        return path.endswith(".json") and '"planned_values"' in text and '"format_version"' in text

    def build(self, sources: Sequence[SourceFile], options: BuildOptions) -> ModelBuild:
        """Evaluate every module (per scan root) and every plan, then normalize the instances."""
        from reslint.cache import paused_gc
        from reslint.terraform import is_plan, load_plan
        from reslint.terraform._loader import load
        from reslint.terraform._parse import FileParser
        from reslint.terraform._plan_source import locate

        result = ModelBuild()
        results: list[TfResult] = []
        configs: dict[str, list[str]] = {}
        plans: list[tuple[SourceFile, TfResult]] = []
        for source in sources:
            if source.path.endswith(CONFIG_SUFFIXES):
                configs.setdefault(source.root, []).append(source.path)
                continue
            try:
                data = json.loads(source.text)
            except ValueError as exc:
                result.errors.append(Problem(source.path, getattr(exc, "lineno", None), f"invalid JSON: {exc}"))
                continue
            if is_plan(data):
                plans.append((source, load_plan(source.path, data)))
        variables = dict(options.variables)
        texts = {source.path: source.text for source in sources if source.path.endswith(CONFIG_SUFFIXES)}
        cache = _open_cache() if options.cache and texts else None
        parser = FileParser(texts, cache)
        memo = _open_memo(parser) if cache is not None else None
        roots = sorted(configs.items())
        try:
            with paused_gc():
                for root, files in roots:
                    loaded = load(
                        files, root, options.var_files, variables, parser.parse, memo=memo, prefetch=parser.start
                    )
                    results.append(loaded)
                for source, plan in plans:
                    locate(
                        plan,
                        source.path,
                        source.text,
                        scan_root=source.root,
                        var_files=options.var_files,
                        variables=variables,
                        parse=parser.parse,
                    )
                    results.append(plan)
        finally:
            parser.close()
        # What a plan's sources read is not traced: a build with plans is never reused.
        result.trace = None if plans else memo.model_trace() if memo is not None else None if texts else []
        if cache is not None and (parser.stats["misses"] or parser.stats["pooled"] or (memo and memo.cache.wrote)):
            cache.prune()
        records: list[Record] = []
        kubernetes: list[tuple[str, list[TfInstance]]] = []
        for number, loaded in enumerate(results):
            result.errors += loaded.errors
            result.notices += loaded.notices
            # Each root module (or plan) is a configuration of its own: its addresses name only its resources.
            managed = [i for i in loaded.instances if i.mode == "managed"]
            records += _records([i for i in managed if not i.type.startswith("kubernetes_")], scope=str(number))
            if any(i.type.startswith("kubernetes_") for i in managed):
                kubernetes.append((str(number), [i for i in managed if i.type.startswith("kubernetes_")]))
        from reslint.providers import to_resources  # the cloud kind tables: only for runs that read clouds

        result.resources = to_resources(records)
        for scope, instances in kubernetes:
            _add_kubernetes(instances, scope, result)
        return result

    def trace_holds(self, trace: Sequence[tuple[str, ...]], sources: Sequence[SourceFile]) -> bool:
        """Whether every fact the root modules of a stored build read still holds (the model cache
        asks before reusing the build; ``ModelBuild.trace``)."""
        from reslint.terraform._incremental import TRACE, Memo
        from reslint.terraform._parse import FileParser

        cache = _open_cache()
        if cache is None:
            return False
        configs: dict[str, list[str]] = {}
        texts: dict[str, str] = {}
        for source in sources:
            if source.path.endswith(CONFIG_SUFFIXES):
                configs.setdefault(source.root, []).append(source.path)
                texts[source.path] = source.text
        by_root: dict[str, list[tuple[str, ...]]] = {}
        for fact in trace:
            if fact[0] != TRACE or len(fact) < 3:
                return False  # a kind this version does not know
            by_root.setdefault(fact[1], []).append(fact[2:])
        memo = Memo(cache, FileParser(texts, None))
        return all(memo.holds(deps, root, configs.get(root, [])) for root, deps in by_root.items())


def _add_kubernetes(instances: list[TfInstance], scope: str, result: ModelBuild) -> None:
    """One configuration's kubernetes provider objects, read by the Kubernetes normalizer (imported
    only when present); they relate only to each other, as the configuration's addresses do."""
    from reslint.kubernetes.from_terraform import handles, to_k8s_resources
    from reslint.kubernetes.normalize import unread_notice
    from reslint.providers import to_resources

    resources, unread, others = to_k8s_resources([i for i in instances if handles(i.type)])
    by_address = {instance.address: instance for instance in instances}
    for resource in resources:
        resource.scope = scope
        resource.context = by_address[resource.address].module_dirs
    others += [i for i in instances if not handles(i.type)]
    result.resources += resources + to_resources(_records(others, scope=scope))
    result.notices += [Problem(obj.file, obj.line, unread_notice(obj)) for obj in unread]


def _open_memo(parser: FileParser) -> Memo | None:
    from reslint.cache import Cache, package_digest
    from reslint.terraform._incremental import Memo, usable
    from reslint.terraform._parse import cache_salt

    if not usable():
        return None
    cache = Cache.open(f"{cache_salt()}\0{package_digest()}")
    return Memo(cache, parser) if cache is not None else None


def _open_cache() -> Cache | None:
    from reslint.cache import Cache
    from reslint.terraform._parse import cache_salt

    return Cache.open(cache_salt())


def _records(instances: list[TfInstance], scope: str = "") -> list[Record]:
    """Records for the rules; ``siblings`` counts the instances one resource block expands to."""
    from reslint.clouds import Record

    blocks = Counter(_block(i) for i in instances)
    return [
        Record(
            format=Format.TERRAFORM,
            type=instance.type,
            address=instance.address,
            file=instance.file,
            line=instance.line,
            attributes=instance.attributes,
            lines=instance.attribute_lines,
            origins=instance.origins,
            references=instance.references,
            siblings=None if instance.expansion == "unknown" else blocks[_block(instance)],
            symbols=instance.symbols,
            # One load reads every root module under a scan root: each is a configuration of its own.
            scope=f"{scope}:{instance.module_dirs[0]}" if instance.module_dirs else scope,
            context=instance.module_dirs,
            inherited_tags=list(instance.default_tags.items()),
            inherited_tags_from=instance.default_tags_from,
            meta={"prevent_destroy": _prevent_destroy(instance)},
            meta_lines={"prevent_destroy": instance.attribute_lines.get("lifecycle", instance.line)},
        )
        for instance in instances
    ]


def _prevent_destroy(instance: TfInstance) -> object:
    """``lifecycle { prevent_destroy = ... }``: a plan does not carry lifecycle blocks, so unknown there."""
    from reslint.clouds.view import lookup

    if instance.source == "plan":
        return UNKNOWN
    return lookup(instance.attributes, "lifecycle.prevent_destroy")


def _block(instance: TfInstance) -> tuple[str, str]:
    """The resource block an instance comes from: its file and address without the instance key."""
    return instance.file, strip_instance_keys(instance.address, last=True)
