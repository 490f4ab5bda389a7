"""Deterministic Gemini responses for the binding benchmarks: standard library only.

Field names and enum values are those of `specs/v1beta.openapi.yaml`, restricted
to fields that all three libraries model (ours, google-genai and the proto-plus
`google.ai.generativelanguage_v1beta`), so that no library gets to skip work by
dropping what it does not know. `run.py` checks that ours round-trips every
payload exactly.

- `small_response()`: one candidate, one text part, usage metadata (~0.7 KB),
  the shape of a typical short answer.
- `large_response()`: 4 candidates with long text, a thought signature, safety
  ratings, citations, grounding metadata (chunks, supports, search entry point)
  and logprobs with the top 5 alternatives for each token (about 100 KB).
- `sse_stream()`: 200 `streamGenerateContent?alt=sse` events, as the bytes the
  server sends (`data: {json}\\r\\n\\r\\n`), the last one with the finish reason,
  usage metadata and grounding.
"""

from __future__ import annotations

import base64
import json
import random
from typing import Any

__all__ = ["large_response", "small_response", "sse_stream", "to_bytes"]

MODEL_VERSION = "gemini-2.5-flash"
_WORDS = tuple(
    [
        "the",
        "model",
        "answers",
        "with",
        "grounded",
        "text",
        "about",
        "solar",
        "panels,",
        "battery",
        "storage,",
        "inverter",
        "efficiency,",
        "grid",
        "feed-in",
        "tariffs",
        "and",
        "the",
        "payback",
        "period",
        "of",
        "a",
        "typical",
        "rooftop",
        "system",
        "in",
        "central",
        "Europe,",
        "citing",
        "recent",
        "sources",
        "and",
        "comparing",
        "monocrystalline",
        "with",
        "polycrystalline",
        "modules",
        "under",
        "diffuse",
        "light",
        "and",
        "high",
        "temperature",
    ]
)
_SITES = (
    ("energy.example.org", "Rooftop solar: costs and payback in 2025"),
    ("news.example.com", "Battery storage prices fall again"),
    ("wiki.example.net", "Photovoltaic system"),
    ("gov.example.de", "Feed-in tariffs for small installations"),
    ("research.example.edu", "Temperature coefficients of PV modules"),
    ("blog.example.io", "What I learned from five years of solar"),
    ("shop.example.com", "Inverter buying guide"),
    ("stats.example.org", "Installed PV capacity by country"),
)
_HARM = (
    "HARM_CATEGORY_HARASSMENT",
    "HARM_CATEGORY_HATE_SPEECH",
    "HARM_CATEGORY_SEXUALLY_EXPLICIT",
    "HARM_CATEGORY_DANGEROUS_CONTENT",
)


def to_bytes(value: Any) -> bytes:
    """Compact JSON, as the API sends it."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _text(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(_WORDS) for _ in range(words)]
    sentences = []
    for start in range(0, len(chosen), 14):
        sentence = " ".join(chosen[start : start + 14])
        sentences.append(sentence[:1].upper() + sentence[1:] + ".")
    return " ".join(sentences)


def _usage(prompt: int, candidates: int, thoughts: int) -> dict[str, Any]:
    return {
        "promptTokenCount": prompt,
        "candidatesTokenCount": candidates,
        "totalTokenCount": prompt + candidates + thoughts,
        "promptTokensDetails": [{"modality": "TEXT", "tokenCount": prompt}],
        "thoughtsTokenCount": thoughts,
    }


def small_response() -> dict[str, Any]:
    rng = random.Random(1)
    return {
        "candidates": [
            {
                "content": {"parts": [{"text": _text(rng, 60)}], "role": "model"},
                "finishReason": "STOP",
                "index": 0,
            }
        ],
        "usageMetadata": _usage(12, 78, 213),
        "modelVersion": MODEL_VERSION,
        "responseId": "n5ZBaZ6fJ9-Dz7IPq7qV2Ag",
    }


def _logprobs(rng: random.Random, tokens: int) -> dict[str, Any]:
    chosen = []
    top = []
    for index in range(tokens):
        alternatives: list[dict[str, Any]] = [
            {
                "token": rng.choice(_WORDS) + (" " if rng.random() < 0.7 else ""),
                "tokenId": rng.randrange(256_000),
                "logProbability": round(-rng.expovariate(1.5) * (rank + 1), 6),
            }
            for rank in range(5)
        ]
        alternatives.sort(key=lambda c: -c["logProbability"])
        top.append({"candidates": alternatives})
        chosen.append(alternatives[0] if index % 7 else alternatives[1])
    return {
        "topCandidates": top,
        "chosenCandidates": chosen,
        "logProbabilitySum": round(sum(c["logProbability"] for c in chosen), 6),
    }


def _grounding(rng: random.Random, text: str) -> dict[str, Any]:
    chunks = [
        {
            "web": {
                "uri": f"https://vertexaisearch.example/grounding-api-redirect/{i:04d}",
                "title": site,
            }
        }
        for i, (site, _) in enumerate(_SITES)
    ]
    supports = []
    position = 0
    for _ in range(10):
        length = rng.randrange(60, 160)
        segment = text[position : position + length]
        supports.append(
            {
                "segment": {
                    "startIndex": position,
                    "endIndex": position + len(segment.encode("utf-8")),
                    "text": segment,
                },
                "groundingChunkIndices": sorted(rng.sample(range(len(chunks)), 2)),
                "confidenceScores": [round(rng.uniform(0.5, 1.0), 6) for _ in range(2)],
            }
        )
        position += length + rng.randrange(20, 80)
    return {
        "groundingChunks": chunks,
        "groundingSupports": supports,
        "webSearchQueries": ["rooftop solar payback period 2025", "PV battery storage cost"],
        "searchEntryPoint": {
            "renderedContent": '<style>.container { display: flex; }</style>\n<div class="'
            'container"><a class="chip" href="https://www.example.com/search?q=solar">'
            "rooftop solar payback period 2025</a></div>\n" * 4
        },
        "retrievalMetadata": {"googleSearchDynamicRetrievalScore": 0.71875},
    }


def _large_candidate(rng: random.Random, index: int) -> dict[str, Any]:
    text = _text(rng, 420)
    signature = base64.b64encode(bytes(rng.randrange(256) for _ in range(300))).decode()
    return {
        "content": {
            "parts": [
                {"text": _text(rng, 60), "thought": True},
                {"text": text, "thoughtSignature": signature},
            ],
            "role": "model",
        },
        "finishReason": "STOP",
        "safetyRatings": [{"category": c, "probability": "NEGLIGIBLE"} for c in _HARM],
        "citationMetadata": {
            "citationSources": [
                {
                    "startIndex": 120 * i,
                    "endIndex": 120 * i + 95,
                    "uri": f"https://{_SITES[i][0]}/article/{i}",
                    "license": "",
                }
                for i in range(3)
            ]
        },
        "tokenCount": 560,
        "groundingMetadata": _grounding(rng, text),
        "avgLogprobs": round(-rng.uniform(0.05, 0.4), 9),
        "logprobsResult": _logprobs(rng, 40),
        "urlContextMetadata": {
            "urlMetadata": [
                {
                    "retrievedUrl": f"https://{site}/",
                    "urlRetrievalStatus": "URL_RETRIEVAL_STATUS_SUCCESS",
                }
                for site, _ in _SITES[:3]
            ]
        },
        "index": index,
    }


def large_response() -> dict[str, Any]:
    rng = random.Random(4)
    return {
        "candidates": [_large_candidate(rng, i) for i in range(4)],
        "promptFeedback": {
            "safetyRatings": [{"category": c, "probability": "NEGLIGIBLE"} for c in _HARM]
        },
        "usageMetadata": _usage(1843, 2240, 912),
        "modelVersion": MODEL_VERSION,
        "responseId": "q8ZBaeC7Ld-Pz7IP4aOc8Qk",
    }


def sse_events(count: int = 200) -> list[dict[str, Any]]:
    rng = random.Random(200)
    events = []
    for index in range(count):
        event: dict[str, Any] = {
            "candidates": [
                {"content": {"parts": [{"text": _text(rng, 8) + " "}], "role": "model"}, "index": 0}
            ],
            "usageMetadata": _usage(12, index + 1, 213),
            "modelVersion": MODEL_VERSION,
            "responseId": "r1ZCaeTzBpeEz7IPjr2S8Qs",
        }
        if index == count - 1:
            event["candidates"][0]["finishReason"] = "STOP"
            event["candidates"][0]["groundingMetadata"] = _grounding(rng, "x" * 2000)
        events.append(event)
    return events


def sse_stream(count: int = 200) -> bytes:
    return b"".join(b"data: " + to_bytes(e) + b"\r\n\r\n" for e in sse_events(count))
