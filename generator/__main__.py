"""`python -m generator`: the same as the `gemini-codegen` command."""

import sys

from .cli import main

sys.exit(main())
