"""gemini-codegen: OpenAPI specs to typed, self-contained Python bindings.

Stages, each a module, each importing only earlier ones:
load (`loader`) -> validate (`validate`, `refs`) -> parse (`parser`, `schemas`,
`naming`, into the frozen `ir`) -> render (`render`, `expressions`,
`operations_view`, `literals`, with `templates/`) -> emit (`emit`).
`pipeline` runs them in order; `cli` is the command line.
"""

__all__: list[str] = []
