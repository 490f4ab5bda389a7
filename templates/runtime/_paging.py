"""Lazy iteration over page-token list operations.

Iterating a pager yields every item of every page, fetching the next page only
when the current one is used up. `.pages` gives the page responses themselves.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any, Generic, TypeVar

__all__ = ["AsyncPager", "Pager"]

T = TypeVar("T")


class Pager(Generic[T]):
    """What a list method returns: iterate for every item of every page, fetched as
    needed; `.pages` for the page responses (with their `next_page_token`). Each new
    iteration starts again from the first page."""

    def __init__(self, fetch: Callable[[str | None], Any], items: str, next_token: str) -> None:
        self._fetch = fetch
        self._items = items
        self._next_token = next_token

    @property
    def pages(self) -> Iterator[Any]:
        token: str | None = None
        while True:
            page = self._fetch(token)
            yield page
            token = getattr(page, self._next_token)
            if not token:
                return

    def __iter__(self) -> Iterator[T]:
        for page in self.pages:
            yield from getattr(page, self._items) or ()


class AsyncPager(Generic[T]):
    """`Pager` for `async for`. The list method is awaited like every async method; the
    await sends nothing, and pages are fetched as the iteration needs them."""

    def __init__(
        self, fetch: Callable[[str | None], Awaitable[Any]], items: str, next_token: str
    ) -> None:
        self._fetch = fetch
        self._items = items
        self._next_token = next_token

    @property
    def pages(self) -> AsyncIterator[Any]:
        return self._pages()

    async def _pages(self) -> AsyncIterator[Any]:
        token: str | None = None
        while True:
            page = await self._fetch(token)
            yield page
            token = getattr(page, self._next_token)
            if not token:
                return

    async def _items_iter(self) -> AsyncIterator[T]:
        async for page in self._pages():
            for item in getattr(page, self._items) or ():
                yield item

    def __aiter__(self) -> AsyncIterator[T]:
        return self._items_iter()
