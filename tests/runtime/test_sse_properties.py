"""Properties of the event-stream decoder (hypothesis): whatever the split of the bytes,
the line endings, the comments, and whether the last blank line came, no event is lost
and none is invented. Also: every async method is awaited, the one shape of AsyncClient."""

from __future__ import annotations

import inspect
import json

from gemini_api import v1beta, v1beta3
from gemini_api._runtime._sse import ServerSentEvent, SSEDecoder
from hypothesis import given, settings
from hypothesis import strategies as st

payloads = st.lists(
    st.dictionaries(
        st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=5),
        st.one_of(st.integers(), st.text(max_size=8), st.booleans()),
        max_size=3,
    ),
    min_size=1,
    max_size=5,
)


@st.composite
def streams(draw: st.DrawFn) -> tuple[bytes, list[object], list[int], bool]:
    events = draw(payloads)
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    closed_last = draw(st.booleans())
    text = ""
    for index, event in enumerate(events):
        if draw(st.booleans()):
            text += ": comment" + newline
        if draw(st.booleans()):
            text += "event: message" + newline
        text += "data: " + json.dumps(event, ensure_ascii=False) + newline
        if index < len(events) - 1 or closed_last:
            text += newline
    data = text.encode()
    cuts = sorted(draw(st.lists(st.integers(0, len(data)), max_size=6)))
    return data, events, cuts, closed_last


@settings(max_examples=300, deadline=None)
@given(streams())
def test_no_event_is_lost_or_invented_for_any_split(case):
    data, expected, cuts, closed_last = case
    decoder = SSEDecoder()
    received: list[ServerSentEvent] = []
    for start, end in zip([0, *cuts], [*cuts, len(data)], strict=True):
        received += decoder.feed(data[start:end])
    last, incomplete = decoder.finish()
    received += last
    assert [json.loads(e.data) for e in received] == expected
    assert not incomplete
    assert all(e.closed for e in received[:-1])
    assert received[-1].closed is closed_last


def test_every_async_method_is_awaited():
    for package in (v1beta, v1beta3):
        for name, method in vars(package.AsyncClient).items():
            if not name.startswith("_") and callable(method):
                assert inspect.iscoroutinefunction(method), name
