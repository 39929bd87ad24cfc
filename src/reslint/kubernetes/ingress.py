"""Which ingress controller serves an Ingress: its class, the IngressClass's ``spec.controller``,
and the workload that implements that controller.

An Ingress names its class with ``spec.ingressClassName`` or, before networking.k8s.io/v1, the
``kubernetes.io/ingress.class`` annotation; with neither, the cluster's default IngressClass (the
``ingressclass.kubernetes.io/is-default-class: "true"`` annotation) serves it. A controller
workload is recognised by its ``--controller-class`` argument, else by its image or its
``app.kubernetes.io/name`` label, against the controllers below. Controllers whose data path is a
cloud load balancer (AWS Load Balancer Controller, GCE) are left out: their pods failing stops
changes, not traffic.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reslint.kubernetes.reader import K8sObject
    from reslint.yamlload import Mapping

CLASS_ANNOTATION = "kubernetes.io/ingress.class"
DEFAULT_CLASS_ANNOTATION = "ingressclass.kubernetes.io/is-default-class"


@dataclass(frozen=True)
class Controller:
    """One in-cluster ingress controller: its ``spec.controller`` value and how its pods look."""

    controller: str
    images: tuple[str, ...]  # fragments of the container image path
    names: tuple[str, ...]  # app.kubernetes.io/name label values
    #: Class names the controller watches by default when no IngressClass object is in the scan
    #: (the pre-v1 annotation values its documentation uses).
    legacy_classes: tuple[str, ...]


CONTROLLERS = (
    Controller(
        "k8s.io/ingress-nginx", ("ingress-nginx/controller", "nginx-ingress-controller"), ("ingress-nginx",), ("nginx",)
    ),
    Controller("nginx.org/ingress-controller", ("nginx/nginx-ingress", "nginx-plus-ingress"), ("nginx-ingress",), ()),
    Controller("traefik.io/ingress-controller", ("traefik",), ("traefik",), ("traefik",)),
    Controller(
        "haproxy.org/ingress-controller/haproxy",
        ("haproxytech/kubernetes-ingress",),
        ("kubernetes-ingress",),
        ("haproxy",),
    ),
    Controller("haproxy-ingress.github.io/controller", ("haproxy-ingress",), ("haproxy-ingress",), ()),
    Controller("projectcontour.io/ingress-controller", ("projectcontour/contour",), ("contour",), ("contour",)),
    Controller(
        "ingress-controllers.konghq.com/kong",
        ("kong/kubernetes-ingress-controller",),
        ("kong", "ingress-controller"),
        ("kong",),
    ),
)


def _strings(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def controllers_of(pod_spec: Mapping, labels: object) -> set[str]:
    """The ``spec.controller`` values the pods of *pod_spec* implement (empty when none is known)."""
    found: set[str] = set()
    recognised: set[str] = set()
    containers = pod_spec.get("containers")
    for container in containers if isinstance(containers, list) else ():
        if not hasattr(container, "get"):
            continue
        for arg in _strings(container.get("args")) + _strings(container.get("command")):
            if arg.startswith("--controller-class="):  # ingress-nginx, set explicitly
                found.add(arg.split("=", 1)[1])
        image = container.get("image")
        if isinstance(image, str):
            path = _image_path(image)
            recognised.update(
                c.controller for c in CONTROLLERS if any(path == f or path.endswith(f"/{f}") for f in c.images)
            )
    if found:
        return found
    name = labels.get("app.kubernetes.io/name") if hasattr(labels, "get") else None
    if isinstance(name, str):
        recognised.update(c.controller for c in CONTROLLERS if name in c.names)
    return recognised


def _image_path(image: str) -> str:
    """``registry:5000/team/name:tag@sha256:...`` -> ``registry:5000/team/name``."""
    path = image.split("@", 1)[0]
    head, _, tag = path.rpartition(":")
    return head if head and "/" not in tag else path


def class_name(ingress: K8sObject) -> str | None:
    """The class an Ingress names, or None when it names none (the default class serves it)."""
    spec = ingress.body.get("spec")
    name = spec.get("ingressClassName") if hasattr(spec, "get") else None
    if name is None:
        annotations = ingress.metadata.get("annotations")
        name = annotations.get(CLASS_ANNOTATION) if hasattr(annotations, "get") else None
    return name if isinstance(name, str) and name else None


def class_controller(ingress_class: K8sObject) -> str | None:
    """An IngressClass's ``spec.controller``."""
    spec = ingress_class.body.get("spec")
    controller = spec.get("controller") if hasattr(spec, "get") else None
    return controller if isinstance(controller, str) else None


def is_default_class(ingress_class: K8sObject) -> bool:
    annotations = ingress_class.metadata.get("annotations")
    value = annotations.get(DEFAULT_CLASS_ANNOTATION) if hasattr(annotations, "get") else None
    return str(value).lower() == "true"


def legacy_controllers(name: str) -> set[str]:
    """The controllers that watch class *name* by default, when no IngressClass defines it."""
    return {c.controller for c in CONTROLLERS if name in c.legacy_classes}
