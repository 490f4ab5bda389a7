"""`python -m generator audit`: compare our specs with an upstream description of the API.

The stages, one module each: read a source (`discovery`, `openapi30`, `proto`) or our spec
(`ours`) into the shared model (`model`, paths in `paths`, types in `types`), pair and compare
them (`compare`, `schemas`), filter through the allow-list (`allow`), then print (`report`)
and optionally write what is missing (`skeleton`). `command` ties them together.
"""
