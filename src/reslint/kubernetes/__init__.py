"""The Kubernetes input format: manifests, multi-document files, ``List`` kinds, stdin."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reslint.errors import ParseError, SkipFile
from reslint.formats import ModelBuild, Problem
from reslint.kubernetes.normalize import to_resources
from reslint.kubernetes.reader import K8sObject, looks_like_manifest, read_objects

if TYPE_CHECKING:
    from collections.abc import Sequence

    from reslint.formats import BuildOptions, SourceFile


class KubernetesFormat:
    """Reads Kubernetes manifests (rendered Helm and Kustomize output included)."""

    name = "kubernetes"
    priority = 50

    def claims(self, path: str, text: str) -> bool:
        """YAML or JSON that mentions ``apiVersion`` and ``kind``."""
        return looks_like_manifest(path, text)

    def build(self, sources: Sequence[SourceFile], options: BuildOptions) -> ModelBuild:
        """Objects from every file, normalized together so cross-file references resolve."""
        result = ModelBuild()
        objects: list[K8sObject] = []
        for source in sources:
            try:
                objects.extend(read_objects(source.path, source.text))
            except SkipFile as skip:
                result.notices.append(Problem(source.path, None, skip.reason))
            except ParseError as error:
                result.errors.append(Problem(source.path, error.line, error.message))
        result.resources = to_resources(objects)
        return result
