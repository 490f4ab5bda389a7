"""Handles for long-running operations (google.longrunning.Operation).

The handle keeps the latest state of the operation; `refresh()` polls
`GET {base_url}/{operation.name}`, and `result()` polls until the operation is
done, then returns its typed response or raises `OperationFailedError`.
`cancel()` and `delete()` send `POST {name}:cancel` and `DELETE {name}`, for the
operations whose API offers them (batches, for one); others answer with an error.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeVar

from ._attempts import async_sleep
from ._errors import APITimeoutError, OperationFailedError, error_from_status

__all__ = ["AsyncOperationHandle", "OperationHandle", "poll_pause"]

R = TypeVar("R")
M = TypeVar("M")


class _HandleBase(Generic[R, M]):
    def __init__(
        self,
        operation: Any,
        result: Callable[[Any], R],
        metadata: Callable[[Any], M],
    ) -> None:
        self.operation = operation
        self._result = result
        self._metadata = metadata

    @property
    def _wire(self) -> dict[str, Any]:
        wire = self.operation.to_dict() if hasattr(self.operation, "to_dict") else self.operation
        return wire if isinstance(wire, dict) else {}

    @property
    def name(self) -> str:
        return str(self._wire.get("name", ""))

    @property
    def done(self) -> bool:
        return self._wire.get("done") is True

    @property
    def metadata(self) -> M | None:
        raw = self._wire.get("metadata")
        return None if raw is None else self._metadata(_without_type(raw))

    def _outcome(self) -> R:
        wire = self._wire
        if wire.get("error") is not None:
            raise error_from_status(wire["error"], OperationFailedError)
        return self._result(_without_type(wire.get("response") or {}))

    def _check_name(self) -> str:
        if not self.name:
            raise ValueError("the operation has no name, so it cannot be polled")
        return self.name

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name!r} done={self.done}>"


def poll_pause(
    deadline: float | None, poll_interval: float, what: str, timeout: float | None
) -> float:
    """Seconds to sleep before the next poll; the last poll falls on the deadline itself."""
    if poll_interval < 0:
        raise ValueError("poll_interval must be 0 or more")
    if deadline is None:
        return poll_interval
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise APITimeoutError(f"{what} was not done within {timeout} s")
    return min(poll_interval, remaining)


def _without_type(value: Any) -> Any:
    """Drop the `@type` tag of a packed google.protobuf.Any before decoding the message."""
    if isinstance(value, dict) and "@type" in value:
        return {k: v for k, v in value.items() if k != "@type"}
    return value


class OperationHandle(_HandleBase[R, M]):
    """What a long-running method returns: `.name`, `.done`, `.metadata` (typed),
    `.operation` (the latest Operation), `refresh()` to poll once, `result()` to wait."""

    def __init__(
        self,
        operation: Any,
        poll: Callable[[str], Any],
        result: Callable[[Any], R],
        metadata: Callable[[Any], M],
        send: Callable[[str, str], Any] | None = None,
    ) -> None:
        super().__init__(operation, result, metadata)
        self._poll = poll
        self._send = send

    def refresh(self) -> OperationHandle[R, M]:
        self.operation = self._poll(self._check_name())
        return self

    def cancel(self) -> None:
        """Ask the server to stop the operation; `refresh()` shows when it has."""
        self._act("POST", ":cancel")

    def delete(self) -> None:
        """Forget the operation on the server (its result is gone too)."""
        self._act("DELETE", "")

    def _act(self, http_method: str, verb: str) -> None:
        if self._send is None:
            raise ValueError("this handle cannot reach the server")
        self._send(http_method, self._check_name() + verb)

    def result(self, timeout: float | None = None, poll_interval: float = 5.0) -> R:
        """Poll every `poll_interval` seconds until done; the typed response, or
        `OperationFailedError`. `APITimeoutError` if still running after `timeout` s."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while not self.done:
            time.sleep(poll_pause(deadline, poll_interval, f"operation {self.name}", timeout))
            self.refresh()
        return self._outcome()


class AsyncOperationHandle(_HandleBase[R, M]):
    """`OperationHandle` whose `refresh()` and `result()` are awaited."""

    def __init__(
        self,
        operation: Any,
        poll: Callable[[str], Awaitable[Any]],
        result: Callable[[Any], R],
        metadata: Callable[[Any], M],
        send: Callable[[str, str], Awaitable[Any]] | None = None,
    ) -> None:
        super().__init__(operation, result, metadata)
        self._poll = poll
        self._send = send

    async def refresh(self) -> AsyncOperationHandle[R, M]:
        self.operation = await self._poll(self._check_name())
        return self

    async def cancel(self) -> None:
        """Ask the server to stop the operation; `refresh()` shows when it has."""
        await self._act("POST", ":cancel")

    async def delete(self) -> None:
        """Forget the operation on the server (its result is gone too)."""
        await self._act("DELETE", "")

    async def _act(self, http_method: str, verb: str) -> None:
        if self._send is None:
            raise ValueError("this handle cannot reach the server")
        await self._send(http_method, self._check_name() + verb)

    async def result(self, timeout: float | None = None, poll_interval: float = 5.0) -> R:
        """Poll every `poll_interval` seconds until done; the typed response, or
        `OperationFailedError`. `APITimeoutError` if still running after `timeout` s."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while not self.done:
            await async_sleep(
                poll_pause(deadline, poll_interval, f"operation {self.name}", timeout)
            )
            await self.refresh()
        return self._outcome()
