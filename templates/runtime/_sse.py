"""An incremental parser for server-sent events (the `text/event-stream` format).

Bytes may arrive split anywhere: inside a line, between `\\r` and `\\n`, or in
the middle of a UTF-8 character. Lines end with LF, CRLF or CR; `data:` lines
of one event are joined with newlines; comment lines (`:`) are skipped; a
leading byte-order mark is dropped. Follows the WHATWG parsing rules, except:

- an event whose data is empty is not dispatched (it cannot carry JSON), unless
  its type is `error`;
- at the end of the stream, an event with data but no closing blank line is
  still returned, marked `closed=False`: servers often end with `data: {...}` and
  a newline, and the caller decides (by its JSON) whether it is whole;
- a line that starts with `{` or `[` where an event would begin opens a JSON
  body written without SSE framing (an error a server or proxy sent as is); it
  runs to the next blank line or field and is returned as one event marked
  `raw=True`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

__all__ = ["SSEDecoder", "ServerSentEvent"]

_BOM = b"\xef\xbb\xbf"
# Lines that end an unframed JSON body: SSE fields and comments, which JSON text
# (pretty-printed or not) never starts a line with.
_FIELDS = (b"data:", b"event:", b"id:", b"retry:", b":")


@dataclass(frozen=True, slots=True)
class ServerSentEvent:
    data: str
    event: str = "message"
    id: str | None = None
    closed: bool = True  # False: the stream ended before the event's blank line
    raw: bool = False  # a JSON body without `data:` framing


class SSEDecoder:
    """Feed bytes as they arrive; get back the events they complete."""

    __slots__ = ("_buffer", "_data", "_event", "_id", "_pending", "_raw", "_started")

    def __init__(self) -> None:
        self._buffer = b""
        self._data: list[str] = []
        self._event = ""
        self._id: str | None = None
        self._pending = False  # a field of the current event was seen, no blank line yet
        self._raw = False  # the current event is a JSON body without framing
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
        events: list[ServerSentEvent] = []
        for raw in lines:
            self._line(raw.rstrip(b"\r\n"), events)
        return events

    def finish(self) -> tuple[list[ServerSentEvent], bool]:
        """At end of stream: any last events, and whether fields were left that make no
        event (an `event:` line with no data, say); the caller reports those.

        The last event may lack its closing blank line, or even the end of its last
        line: it is returned with `closed=False`.
        """
        events: list[ServerSentEvent] = []
        if self._buffer:
            # A lone CR at the very end was a line ending after all; an unterminated
            # last line still counts, and the caller judges its data.
            ended = self._buffer.endswith(b"\r")
            self._line(self._buffer[:-1] if ended else self._buffer, events)
            self._buffer = b""
        if self._data or (self._pending and self._event == "error"):
            event = self._dispatch()
            if event is not None:
                events.append(replace(event, closed=False))
        incomplete = self._pending
        self._pending = False
        return events, incomplete

    def _line(self, line: bytes, events: list[ServerSentEvent]) -> None:
        if self._raw and line.startswith(_FIELDS):
            self._emit(events)  # framing resumes right after the unframed body
        if not line:
            self._emit(events)
            return
        if self._raw or (line[:1] in (b"{", b"[") and not self._pending):
            self._raw = self._pending = True
            self._data.append(line.decode("utf-8", "replace"))
            return
        if line[:1] == b":":
            return
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

    def _emit(self, events: list[ServerSentEvent]) -> None:
        event = self._dispatch()
        if event is not None:
            events.append(event)

    def _dispatch(self) -> ServerSentEvent | None:
        data = "\n".join(self._data)
        event = self._event or "message"
        raw = self._raw
        self._data = []
        self._event = ""
        self._pending = self._raw = False
        if not data and event != "error":
            return None
        return ServerSentEvent(data, event, self._id, raw=raw)
