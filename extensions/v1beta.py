"""Hand-written additions to the v1beta bindings, kept across regeneration.

`GenerateContentResponse.text` and `.function_calls` read the first candidate the way
google-genai's properties of the same names do; stream chunks are
`GenerateContentResponse` objects too, so each chunk has them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from . import models

__all__ = ["function_calls_of", "text_of"]


def _first_parts(response: models.GenerateContentResponse) -> list[models.Part] | None:
    if not response.candidates:
        return None
    content = response.candidates[0].content
    return content.parts if content is not None and content.parts else None


def text_of(response: models.GenerateContentResponse) -> str | None:
    """The text of the first candidate: its text parts joined, thought parts
    (`thought=True`, a thinking model's reasoning) left out. None when there is no
    candidate or no such part."""
    texts = [
        part.text
        for part in _first_parts(response) or ()
        if part.text is not None and not part.thought
    ]
    return "".join(texts) if texts else None


def function_calls_of(
    response: models.GenerateContentResponse,
) -> list[models.FunctionCall] | None:
    """The function calls among the first candidate's parts, in order; None when there
    are none."""
    calls = [
        part.function_call
        for part in _first_parts(response) or ()
        if part.function_call is not None
    ]
    return calls or None


class GenerateContentResponse:
    """Shortcuts to the first candidate's content."""

    __slots__ = ()

    @property
    def text(self) -> str | None:
        """The first candidate's text parts joined (thought parts left out), or None."""
        return text_of(cast("models.GenerateContentResponse", self))

    @property
    def function_calls(self) -> list[models.FunctionCall] | None:
        """The function calls the first candidate asks for, or None when there are none."""
        return function_calls_of(cast("models.GenerateContentResponse", self))
