"""CloudFormation support: templates (including SAM) read statically, with lines.

``looks_like_template`` is a cheap text sniff for discovery. ``load_templates`` decodes
templates with cfn-lint's decoder (imported only then: it costs about 0.4 s) and evaluates
each resource's properties against parameters, conditions and mappings; what depends on the
deployment (resource attributes, pseudo parameters, imports, SSM-backed parameters) is
``UNKNOWN``. A resource whose Condition is false is omitted; one whose Condition cannot be
decided is kept and names that condition in ``CfnResource.condition``.

SAM templates are read as written: ``AWS::Serverless::*`` resources keep their own types, and
neither ``Globals`` nor the resources SAM would generate are applied. Other transforms
(``AWS::Include``, macros, ``Fn::ForEach``) are not expanded.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from reslint.cloudformation._types import CfnResource, CfnResult

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from reslint.cache import Cache

__all__ = ["CfnResource", "CfnResult", "load_templates", "looks_like_template"]

_EXTENSIONS = (".yaml", ".yml", ".json", ".template")
# YAML keys start a line. JSON keys may be anywhere (templates get minified), but not escaped:
# a template embedded in a JSON string is not the document itself.
_YAML_VERSION_KEY = re.compile(r"""^\s*["']?AWSTemplateFormatVersion["']?\s*:""", re.MULTILINE)
_YAML_RESOURCES_KEY = re.compile(r"""^\s*["']?Resources["']?\s*:""", re.MULTILINE)
_JSON_VERSION_KEY = re.compile(r'(?<!\\)"AWSTemplateFormatVersion"\s*:')
_JSON_RESOURCES_KEY = re.compile(r'(?<!\\)"Resources"\s*:')
_RESOURCE_TYPE = re.compile(r"""["']?Type["']?\s*:\s*["']?(?:AWS|Custom|Alexa)::""")
# A pretty-printed Terraform plan can hold a decoded template in an output value.
_TERRAFORM_PLAN_KEY = re.compile(r'"(?:planned_values|terraform_version)"\s*:')


def looks_like_template(path: str, text: str) -> bool:
    """Whether *text* is worth decoding as a template; a sniff on the text, no parsing."""
    if path != "<stdin>" and not path.lower().endswith(_EXTENSIONS):
        return False
    if text.lstrip().startswith("{"):
        if _TERRAFORM_PLAN_KEY.search(text):
            return False
        version_key, resources_key = _JSON_VERSION_KEY, _JSON_RESOURCES_KEY
    else:
        version_key, resources_key = _YAML_VERSION_KEY, _YAML_RESOURCES_KEY
    # The substring tests first: they skip most files in C, while the patterns (which cannot start
    # with a literal) try every position of the text.
    if "AWSTemplateFormatVersion" in text and version_key.search(text):
        return True
    return (
        "Resources" in text
        and "::" in text
        and resources_key.search(text) is not None
        and _RESOURCE_TYPE.search(text) is not None
    )


def load_templates(
    sources: Sequence[tuple[str, str]],
    parameters: Mapping[str, str] = {},
    parameter_files: Sequence[str] = (),
    cache: Cache | None = None,
) -> CfnResult:
    """Decode and evaluate the templates among *sources* (``(path, text)`` pairs).

    Sources that decode but are not templates are skipped silently; ones that do not decode
    are reported in ``errors`` and the rest are still read. Parameter values come from each
    parameter's Default, then *parameter_files* (JSON, in order), then *parameters*; a value
    given for a parameter a template does not declare is ignored for that template. With *cache*,
    a template whose path, text and parameter values were seen before is not decoded again.
    """
    from reslint.cloudformation._loader import load

    return load(sources, parameters, parameter_files, cache)
