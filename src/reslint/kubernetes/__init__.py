"""The Kubernetes input format: manifests, multi-document files, ``List`` kinds, stdin."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reslint.errors import ParseError, SkipFile
from reslint.formats import ModelBuild, Problem
from reslint.kubernetes.normalize import to_resources, unread_notice, unread_workloads
from reslint.kubernetes.reader import K8sObject, looks_like_manifest, read_objects

if TYPE_CHECKING:
    from collections.abc import Sequence

    from reslint.cache import Cache
    from reslint.formats import BuildOptions, SourceFile


class KubernetesFormat:
    """Reads Kubernetes manifests (rendered Helm and Kustomize output included)."""

    name = "kubernetes"
    priority = 50
    suffixes: tuple[str, ...] = (".yaml", ".yml", ".json")

    def claims(self, path: str, text: str) -> bool:
        """YAML or JSON that mentions ``apiVersion`` and ``kind``."""
        return looks_like_manifest(path, text)

    def build(self, sources: Sequence[SourceFile], options: BuildOptions) -> ModelBuild:
        """Objects from every file, normalized together so cross-file references resolve."""
        from reslint.cache import paused_gc

        # No trace: the model cache does not keep Kubernetes models. Loading one costs about what
        # normalizing the cached objects does (0.2 s for the corpus's 569 resources), and pickling
        # the 40,000-Deployment manifest's took longer than building it.
        result = ModelBuild()
        objects: list[K8sObject] = []
        cache = _open_cache() if options.cache and sources else None
        with paused_gc():
            for source in sources:
                try:
                    objects.extend(_read(source, cache))
                except SkipFile as skip:
                    result.notices.append(Problem(source.path, None, skip.reason))
                except ParseError as error:
                    result.errors.append(Problem(source.path, error.line, error.message))
            result.resources = to_resources(objects)
            result.notices += [Problem(obj.file, obj.line, unread_notice(obj)) for obj in unread_workloads(objects)]
        if cache is not None and cache.wrote:
            cache.prune()
        return result


#: Files smaller than this are always parsed. Measured: even small manifests load faster from the
#: cache than libyaml reads them (0.33 s -> 0.09 s for the corpus's 416), so every file is cached.
CACHE_MIN_BYTES = 0
_CACHE_KIND = "kubernetes-objects"


def _open_cache() -> Cache | None:
    from importlib.metadata import version

    from reslint import yamlload
    from reslint.cache import Cache, source_digest
    from reslint.kubernetes import reader

    return Cache.open(f"PyYAML {version('PyYAML')}\0{source_digest(reader.__file__, yamlload.__file__)}")


def _read(source: SourceFile, cache: Cache | None) -> list[K8sObject]:
    """``read_objects`` through the cache; a cached value gets its file's path put back."""
    from reslint.kubernetes.reader import _is_chart_template

    # Whether a file is a chart template depends on its path, not its content: never cached.
    if (
        cache is None
        or len(source.text) < CACHE_MIN_BYTES
        or source.path == "<stdin>"
        or _is_chart_template(source.path)
    ):
        return read_objects(source.path, source.text)
    from reslint.cache import content_hash

    key = cache.key(_CACHE_KIND, content_hash(source.text.encode("utf-8")))
    value = cache.get(key)
    if isinstance(value, tuple) and len(value) == 2:
        tag, payload = value
        if tag == "objects" and isinstance(payload, list) and all(isinstance(o, K8sObject) for o in payload):
            for obj in payload:
                obj.file = source.path
            return payload
        if tag == "skip" and isinstance(payload, str):
            raise SkipFile(payload)
        if tag == "error" and isinstance(payload, tuple) and len(payload) == 2:
            raise ParseError(str(payload[0]), payload[1] if isinstance(payload[1], int) else None)
    try:
        objects = read_objects(source.path, source.text)
    except SkipFile as skip:
        cache.put(key, ("skip", skip.reason))
        raise
    except ParseError as error:
        cache.put(key, ("error", (error.message, error.line)))
        raise
    cache.put(key, ("objects", objects))
    return objects
