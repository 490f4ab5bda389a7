"""gemini-codegen: OpenAPI specs to typed, self-contained Python bindings.

Stages, each a subpackage importing only earlier ones:
`spec` (load, bundle, check, validate) -> `parse` (the frozen `ir`) -> `surface`
(the Python API the IR becomes) -> `render` (views and `templates/`) -> `emit`
(format, write). `style` holds black's layout rules for render and emit; `diff`
compares two surfaces; `conventions` holds each API family's conventions.
`pipeline` runs the stages in order; `cli` is the command line.
"""

__all__: list[str] = []
