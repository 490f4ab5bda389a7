"""An incremental parser for server-sent events (the `text/event-stream` format).

Bytes may arrive split anywhere: inside a line, between `\\r` and `\\n`, or in
the middle of a UTF-8 character. Lines end with LF, CRLF or CR; `data:` lines
of one event are joined with newlines; comment lines (`:`) are skipped; a
leading byte-order mark is dropped. Follows the WHATWG parsing rules, except
that an event whose data is empty is not dispatched (it cannot carry JSON).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SSEDecoder", "ServerSentEvent"]

_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class ServerSentEvent:
    data: str
    event: str = "message"
    id: str | None = None


class SSEDecoder:
    """Feed bytes as they arrive; get back the events they complete."""

    __slots__ = ("_buffer", "_data", "_event", "_id", "_pending", "_started")

    def __init__(self) -> None:
        self._buffer = b""
        self._data: list[str] = []
        self._event = ""
        self._id: str | None = None
        self._pending = False  # a field of the current event was seen, no blank line yet
        self._started = False  # the byte-order mark check is done

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        """Events completed by this chunk, in order."""
        buffer = self._buffer + chunk if self._buffer else chunk
        if not self._started:
            if len(buffer) < len(_BOM) and _BOM.startswith(buffer):
                self._buffer = buffer  # too short to tell yet
                return []
            self._started = True
            if buffer.startswith(_BOM):
                buffer = buffer[len(_BOM) :]
        if b"\n" not in chunk and b"\r" not in chunk:
            self._buffer = buffer  # still inside one line: nothing to split
            return []
        lines = buffer.splitlines(keepends=True)
        if lines and not lines[-1].endswith(b"\n"):
            # An unterminated line, or a lone CR that may be the first half of CRLF.
            self._buffer = lines.pop()
        else:
            self._buffer = b""
        events = []
        for raw in lines:
            event = self._line(raw.rstrip(b"\r\n"))
            if event is not None:
                events.append(event)
        return events

    def finish(self) -> tuple[list[ServerSentEvent], bool]:
        """At end of stream: any last events, and whether a partial event was left over.

        A partial event is one with fields but no closing blank line, or an
        unterminated line; the caller reports it rather than dropping it.
        """
        events = []
        if self._buffer.endswith(b"\r"):
            # A lone CR at the very end was a line ending after all.
            event = self._line(self._buffer[:-1])
            self._buffer = b""
            if event is not None:
                events.append(event)
        incomplete = bool(self._buffer.strip()) or self._pending
        self._buffer = b""
        return events, incomplete

    def _line(self, line: bytes) -> ServerSentEvent | None:
        if not line:
            return self._dispatch()
        if line[:1] == b":":
            return None
        name, _, value = line.partition(b":")
        if value[:1] == b" ":
            value = value[1:]
        if name == b"data":
            self._data.append(value.decode("utf-8", "replace"))
            self._pending = True
        elif name == b"event":
            self._event = value.decode("utf-8", "replace")
            self._pending = True
        elif name == b"id" and b"\x00" not in value:
            self._id = value.decode("utf-8", "replace")
        return None

    def _dispatch(self) -> ServerSentEvent | None:
        data = "\n".join(self._data)
        event = self._event or "message"
        self._data = []
        self._event = ""
        self._pending = False
        return ServerSentEvent(data, event, self._id) if data else None
