"""`python -m generator`: the same as the `gemini-codegen` command."""

from .cli import run

run()
