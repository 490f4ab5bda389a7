"""Google's OpenAPI 3.0 export of an API as an `ApiSurface`.

Its layout is ours (paths, components/schemas, `$ref`), with the version in every path
(`/v1beta/models/{modelsId}:generateContent`, `/v1beta/{+name}`) and operationIds such as
`generativelanguage.models.generateContent`; those are reduced to the method name so the
same method under several resources is merged, as for Discovery.
"""

from __future__ import annotations

from dataclasses import replace

from ..spec.load import SpecDocument
from .discovery import merge_shared_methods
from .model import ApiSurface
from .ours import read_our_spec

__all__ = ["read_openapi30"]

# The export names path parameters after the path (`modelsId`), not after the request
# field they fill, so the usual URL-bound request fields are named here.
_URL_FIELDS = frozenset({"name", "parent", "model"})


def read_openapi30(document: SpecDocument) -> ApiSurface:
    surface = read_our_spec(document)
    methods = [
        replace(m, name=m.name.rsplit(".", 1)[-1], path_fields=m.path_fields | _URL_FIELDS)
        for m in surface.methods
    ]
    return replace(surface, methods=merge_shared_methods(methods))
