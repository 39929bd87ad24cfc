"""The machinery every cloud's kind table is built on: records, views, kinds, the index, fact setters.

``aws``, ``google`` and ``azure`` are data plus fill functions on this package and import nothing of
each other; ``reslint.providers`` puts their kinds in one registry and turns records into resources.
"""

from __future__ import annotations

from reslint.clouds.index import CloudIndex
from reslint.clouds.kind import DEFAULT_TAGS, FactFiller, Kind, choice, flag, tags_at
from reslint.clouds.shared import instance
from reslint.clouds.view import COLUMNS, Fields, Record, View

__all__ = [
    "COLUMNS",
    "DEFAULT_TAGS",
    "CloudIndex",
    "FactFiller",
    "Fields",
    "Kind",
    "Record",
    "View",
    "choice",
    "flag",
    "instance",
    "tags_at",
]
