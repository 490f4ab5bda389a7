"""Helpers shared by the real-traffic tests: clients with fast backoff, requests, chunks."""

from __future__ import annotations

import socket
from typing import Any

from gemini_api import v1beta, v1beta3
from gemini_api._runtime import RetryPolicy

from ..support.server import API_KEY, GeminiServer

REQUEST = {"contents": [{"parts": [{"text": "hi"}]}]}
CHUNK = {"candidates": [{"content": {"parts": [{"text": "tick"}], "role": "model"}, "index": 0}]}
LAST = {
    "candidates": [
        {"content": {"parts": [{"text": "."}], "role": "model"}, "finishReason": "STOP"}
    ],
    "usageMetadata": {"promptTokenCount": 1, "candidatesTokenCount": 2, "totalTokenCount": 3},
}
BLOCKED = {"promptFeedback": {"blockReason": "SAFETY"}}
OK = {"candidates": [{"content": {"parts": [{"text": "ok"}], "role": "model"}}]}
# Backoff in milliseconds when the server names no delay: the tests wait for nothing.
FAST = RetryPolicy(initial_delay=0.001, max_delay=0.002)
PACKAGES = {"v1beta": v1beta, "v1beta3": v1beta3}


def sync_client(server: GeminiServer, version: str = "v1beta", **options: Any) -> Any:
    options.setdefault("retry", FAST)
    return PACKAGES[version].Client(api_key=API_KEY, base_url=server.url(version), **options)


def async_client(server: GeminiServer, version: str = "v1beta", **options: Any) -> Any:
    options.setdefault("retry", FAST)
    return PACKAGES[version].AsyncClient(api_key=API_KEY, base_url=server.url(version), **options)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def data(payload: bytes | str, newline: str = "\r\n") -> bytes:
    """One `data:` line, without the blank line that would close its event."""
    text = payload.decode() if isinstance(payload, bytes) else payload
    return f"data: {text}{newline}".encode()
