"""Stage 1, spec: files to checked, bundled OpenAPI documents.

`check_specs` is the one way in, for `validate` and `generate` alike: it loads
each file, runs our checks, and starts openapi-spec-validator in the background.
"""

from .checking import CheckedSpecs, check_specs
from .load import SpecDocument

__all__ = ["CheckedSpecs", "SpecDocument", "check_specs"]
