"""An incremental parser for server-sent events (the `text/event-stream` format).

Bytes may arrive split anywhere: inside a line, between `\\r` and `\\n`, or in
the middle of a UTF-8 character. Lines end with LF, CRLF or CR; `data:` lines
of one event are joined with newlines; comment lines (`:`) are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ServerSentEvent", "SSEDecoder"]


@dataclass(frozen=True, slots=True)
class ServerSentEvent:
    data: str
    event: str = "message"
    id: str | None = None


class SSEDecoder:
    __slots__ = ("_buffer", "_data", "_event", "_id", "_has_fields")

    def __init__(self) -> None:
        self._buffer = b""
        self._data: list[str] = []
        self._event = ""
        self._id: str | None = None
        self._has_fields = False

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        """Events completed by this chunk, in order."""
        buffer = self._buffer + chunk if self._buffer else chunk
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
        """At end of stream: any last events, and whether a partial event was left over."""
        events = []
        if self._buffer.endswith(b"\r"):
            event = self._line(self._buffer[:-1])
            self._buffer = b""
            if event is not None:
                events.append(event)
        incomplete = bool(self._buffer) or self._has_fields
        return events, incomplete

    def _line(self, line: bytes) -> ServerSentEvent | None:
        if not line:
            return self._dispatch()
        if line[:1] == b":":
            return None
        name, _, value = line.partition(b":")
        if value[:1] == b" ":
            value = value[1:]
        field = name.decode("utf-8", "replace")
        if field == "data":
            self._data.append(value.decode("utf-8"))
            self._has_fields = True
        elif field == "event":
            self._event = value.decode("utf-8")
            self._has_fields = True
        elif field == "id" and b"\x00" not in value:
            self._id = value.decode("utf-8")
        return None

    def _dispatch(self) -> ServerSentEvent | None:
        if not self._has_fields:
            return None
        event = ServerSentEvent("\n".join(self._data), self._event or "message", self._id)
        self._data = []
        self._event = ""
        self._has_fields = False
        return event if event.data or event.event != "message" else None
