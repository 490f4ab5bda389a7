"""The v1beta rows of the operation table in test_client_operations.py.

Written by hand from specs/v1beta.openapi.yaml, never derived from the IR, so that a
wrong path, query, body or result type in the generated client shows up as a mismatch.
Replies use the wire names of the spec (camelCase, int64 as strings, `@type` on packed
messages); a pager's reply is one page with no nextPageToken, a stream's is a list of
events, a long-running method's is an Operation that is already done.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gemini_api import v1beta

__all__ = ["V1BETA_CASES", "Case"]

m1, e1 = v1beta.models, v1beta.enums

# The `@type` of packed messages in Operation.metadata and Operation.response.
TYPE_PREFIX = "type.googleapis.com/google.ai.generativelanguage.v1beta."


@dataclass(frozen=True)
class Case:
    version: str
    method: str
    kwargs: dict[str, Any]
    http: str
    path: str  # after the base URL's /{version}
    returns: type
    reply: Any = field(default_factory=dict)  # JSON; a list of events for a stream
    body: Any = None
    query: dict[str, list[str]] = field(default_factory=dict)
    id: str = ""  # for a second case of the same method


GENERATED = {
    "candidates": [
        {
            "content": {"parts": [{"text": "Hi there!"}], "role": "model"},
            "finishReason": "STOP",
            "index": 0,
            "safetyRatings": [
                {"category": "HARM_CATEGORY_HARASSMENT", "probability": "NEGLIGIBLE"}
            ],
        }
    ],
    "usageMetadata": {"promptTokenCount": 2, "candidatesTokenCount": 3, "totalTokenCount": 5},
    "modelVersion": "gemini-2.0-flash-001",
    "responseId": "abc123",
}
STREAM_EVENTS = [
    {"candidates": [{"content": {"parts": [{"text": "Hi"}], "role": "model"}, "index": 0}]},
    {
        "candidates": [
            {
                "content": {"parts": [{"text": " there"}], "role": "model"},
                "finishReason": "STOP",
            }
        ]
    },
]
MODEL = {
    "name": "models/gemini-2.5-flash",
    "baseModelId": "gemini-2.5-flash",
    "version": "001",
    "displayName": "Gemini 2.5 Flash",
    "description": "Fast and versatile multimodal model.",
    "inputTokenLimit": 1048576,
    "outputTokenLimit": 65536,
    "supportedGenerationMethods": ["generateContent", "countTokens", "createCachedContent"],
    "temperature": 1.0,
    "maxTemperature": 2.0,
    "topP": 0.95,
    "topK": 64,
    "thinking": True,
}
EMBEDDING_MODEL = {
    "name": "models/gemini-embedding-001",
    "version": "001",
    "displayName": "Gemini Embedding 001",
    "inputTokenLimit": 2048,
    "outputTokenLimit": 1,
    "supportedGenerationMethods": ["embedContent", "countTextTokens"],
}
TEXT_REPLY = {
    "candidates": [
        {
            "output": "upon a time",
            "safetyRatings": [{"category": "HARM_CATEGORY_TOXICITY", "probability": "NEGLIGIBLE"}],
        }
    ],
    "filters": [{"reason": "OTHER", "message": "none"}],
}
TUNING_EXAMPLES = {
    "examples": [{"textInput": "1", "output": "2"}, {"textInput": "3", "output": "4"}]
}
TUNED_MODEL = {
    "name": "tunedModels/my-model",
    "baseModel": "models/gemini-1.5-flash-001-tuning",
    "displayName": "Number counter",
    "description": "Counts up by one.",
    "temperature": 0.9,
    "topP": 0.95,
    "topK": 64,
    "state": "ACTIVE",
    "createTime": "2024-05-01T10:00:00.123456Z",
    "updateTime": "2024-05-01T10:20:00Z",
    "tuningTask": {
        "startTime": "2024-05-01T10:00:05Z",
        "completeTime": "2024-05-01T10:19:00Z",
        "snapshots": [
            {"step": 1, "epoch": 1, "meanLoss": 0.25, "computeTime": "2024-05-01T10:01:00Z"}
        ],
        "hyperparameters": {"epochCount": 5, "batchSize": 4, "learningRate": 0.001},
    },
    "readerProjectNumbers": ["123456789012"],
}
PERMISSION = {
    "name": "tunedModels/my-model/permissions/p1",
    "granteeType": "USER",
    "emailAddress": "ada@example.com",
    "role": "READER",
}
CORPUS_PERMISSION = {
    "name": "corpora/my-corpus/permissions/p2",
    "granteeType": "GROUP",
    "emailAddress": "team@example.com",
    "role": "WRITER",
}
GENERATE_CONTENT_BATCH = {
    "model": "models/gemini-2.5-flash",
    "name": "batches/abc",
    "displayName": "nightly",
    "inputConfig": {"fileName": "files/batch-input"},
    "createTime": "2025-01-01T00:00:00Z",
    "updateTime": "2025-01-01T00:05:00Z",
    "batchStats": {"requestCount": "2", "successfulRequestCount": "2"},
    "state": "BATCH_STATE_SUCCEEDED",
    "priority": "5",
}
BATCH_OUTPUT = {
    "inlinedResponses": {
        "inlinedResponses": [
            {
                "response": {"candidates": [{"content": {"parts": [{"text": "42"}]}}]},
                "metadata": {"key": "request-1"},
            }
        ]
    }
}
EMBED_CONTENT_BATCH = {
    "model": "models/gemini-embedding-001",
    "name": "batches/emb",
    "displayName": "embed all",
    "inputConfig": {"fileName": "files/embed-input"},
    "createTime": "2025-01-01T00:00:00Z",
    "batchStats": {"requestCount": "1", "pendingRequestCount": "1"},
    "state": "BATCH_STATE_RUNNING",
}
BATCH_OPERATION = {
    "name": "batches/abc",
    "metadata": {"@type": TYPE_PREFIX + "GenerateContentBatch", **GENERATE_CONTENT_BATCH},
    "done": True,
    "response": {"@type": TYPE_PREFIX + "GenerateContentBatchOutput", **BATCH_OUTPUT},
}
TUNING_OPERATION = {
    "name": "tunedModels/my-model/operations/op-1",
    "metadata": {
        "@type": TYPE_PREFIX + "CreateTunedModelMetadata",
        "tunedModel": "tunedModels/my-model",
        "totalSteps": 10,
        "completedSteps": 10,
        "completedPercent": 100,
    },
    "done": True,
    "response": {"@type": TYPE_PREFIX + "TunedModel", **TUNED_MODEL},
}
VIDEO_RESPONSE = {
    "generateVideoResponse": {
        "generatedSamples": [
            {"video": {"uri": "https://generativelanguage.googleapis.com/v1beta/files/v1:download"}}
        ]
    }
}
VIDEO_OPERATION = {
    "name": "models/veo-3.0-generate-001/operations/vid-1",
    "metadata": {"@type": TYPE_PREFIX + "PredictLongRunningMetadata"},
    "done": True,
    "response": {"@type": TYPE_PREFIX + "PredictLongRunningResponse", **VIDEO_RESPONSE},
}
CACHED_CONTENT = {
    "name": "cachedContents/abc123",
    "displayName": "handbook",
    "model": "models/gemini-2.0-flash-001",
    "createTime": "2025-02-01T09:00:00Z",
    "updateTime": "2025-02-01T09:00:00Z",
    "expireTime": "2025-02-01T10:00:00Z",
    "usageMetadata": {"totalTokenCount": 40000},
}
FILE = {
    "name": "files/abc-123",
    "displayName": "report.pdf",
    "mimeType": "application/pdf",
    "sizeBytes": "1048576",
    "createTime": "2025-02-01T09:00:00Z",
    "updateTime": "2025-02-01T09:00:02Z",
    "expirationTime": "2025-02-03T09:00:00Z",
    "sha256Hash": "ZGVhZGJlZWY=",
    "uri": "https://generativelanguage.googleapis.com/v1beta/files/abc-123",
    "state": "ACTIVE",
    "source": "UPLOADED",
}
VIDEO_FILE = {
    **FILE,
    "name": "files/vid-9",
    "mimeType": "video/mp4",
    "videoMetadata": {"videoDuration": "12.5s"},
    "state": "PROCESSING",
}
CORPUS = {
    "name": "corpora/my-corpus",
    "displayName": "Product docs",
    "createTime": "2024-06-01T08:00:00Z",
    "updateTime": "2024-06-02T08:00:00Z",
}
DOCUMENT = {
    "name": "corpora/my-corpus/documents/doc-1",
    "displayName": "Install guide",
    "customMetadata": [
        {"key": "author", "stringValue": "Ada"},
        {"key": "year", "numericValue": 2024},
        {"key": "tags", "stringListValue": {"values": ["setup", "linux"]}},
    ],
    "createTime": "2024-06-01T08:00:00Z",
    "updateTime": "2024-06-01T08:00:00Z",
}
STORE_DOCUMENT = {
    "name": "fileSearchStores/my-store/documents/doc-1",
    "displayName": "handbook.pdf",
    "state": "STATE_ACTIVE",
    "sizeBytes": "52344",
    "mimeType": "application/pdf",
    "createTime": "2025-03-01T08:00:00Z",
    "updateTime": "2025-03-01T08:01:00Z",
}
CHUNK = {
    "name": "corpora/my-corpus/documents/doc-1/chunks/chunk-1",
    "data": {"stringValue": "Run the installer as root."},
    "customMetadata": [{"key": "section", "stringValue": "intro"}],
    "createTime": "2024-06-01T08:00:00Z",
    "updateTime": "2024-06-01T08:00:00Z",
    "state": "STATE_ACTIVE",
}
CHUNK_2 = {
    **CHUNK,
    "name": "corpora/my-corpus/documents/doc-1/chunks/chunk-2",
    "data": {"stringValue": "Then reboot."},
    "state": "STATE_PENDING_PROCESSING",
}
RELEVANT_CHUNKS = {
    "relevantChunks": [
        {"chunkRelevanceScore": 0.83, "chunk": CHUNK, "document": DOCUMENT},
        {"chunkRelevanceScore": 0.41, "chunk": CHUNK_2},
    ]
}
FILE_SEARCH_STORE = {
    "name": "fileSearchStores/my-store",
    "displayName": "Handbook",
    "createTime": "2025-03-01T08:00:00Z",
    "updateTime": "2025-03-01T08:00:00Z",
    "activeDocumentsCount": "3",
    "pendingDocumentsCount": "1",
    "failedDocumentsCount": "0",
    "sizeBytes": "104857",
}
STORE_IMPORT = {
    "parent": "fileSearchStores/my-store",
    "documentName": "fileSearchStores/my-store/documents/doc-1",
}


def _operation(name: str, response_type: str, response: dict[str, Any]) -> dict[str, Any]:
    """A finished Operation whose response is a packed `response_type` message."""
    return {
        "name": name,
        "done": True,
        "response": {"@type": TYPE_PREFIX + response_type, **response},
    }


def _text(text: str, role: str | None = None) -> Any:
    return m1.Content(role=role, parts=[m1.Part(text=text)])


MODEL_CASES = [
    Case(
        "v1beta",
        "generate_content",
        {
            "model": "gemini-2.0-flash",
            "request": m1.GenerateContentRequest(
                contents=[_text("Hello", "user")],
                generation_config=m1.GenerationConfig(temperature=0.5, max_output_tokens=64),
                safety_settings=[
                    m1.SafetySetting(
                        category=e1.HarmCategory.HARM_CATEGORY_HARASSMENT,
                        threshold=e1.HarmBlockThreshold.BLOCK_ONLY_HIGH,
                    )
                ],
            ),
        },
        "POST",
        "/models/gemini-2.0-flash:generateContent",
        m1.GenerateContentResponse,
        reply=GENERATED,
        body={
            "contents": [{"parts": [{"text": "Hello"}], "role": "user"}],
            "generationConfig": {"temperature": 0.5, "maxOutputTokens": 64},
            "safetySettings": [
                {"category": "HARM_CATEGORY_HARASSMENT", "threshold": "BLOCK_ONLY_HIGH"}
            ],
        },
    ),
    Case(
        "v1beta",
        "generate_content",
        {"model": "tunedModels/my-model", "request": {"contents": [{"parts": [{"text": "5"}]}]}},
        "POST",
        "/tunedModels/my-model:generateContent",
        m1.GenerateContentResponse,
        reply=GENERATED,
        body={"contents": [{"parts": [{"text": "5"}]}]},
        id="tuned-model",
    ),
    Case(
        "v1beta",
        "generate_content",
        {"model": "dynamic/x", "request": {"contents": [{"parts": [{"text": "Hi"}]}]}},
        "POST",
        "/dynamic/x:generateContent",
        m1.GenerateContentResponse,
        reply=GENERATED,
        body={"contents": [{"parts": [{"text": "Hi"}]}]},
        id="dynamic",
    ),
    Case(
        "v1beta",
        "stream_generate_content",
        {
            "model": "models/gemini-2.0-flash",
            "request": {"contents": [{"parts": [{"text": "Hi"}]}]},
        },
        "POST",
        "/models/gemini-2.0-flash:streamGenerateContent",
        m1.GenerateContentResponse,
        reply=STREAM_EVENTS,
        body={"contents": [{"parts": [{"text": "Hi"}]}]},
        query={"alt": ["sse"]},
    ),
    Case(
        "v1beta",
        "stream_generate_content",
        {
            "model": "tunedModels/my-model",
            "request": m1.GenerateContentRequest(contents=[_text("Hi", "user")]),
        },
        "POST",
        "/tunedModels/my-model:streamGenerateContent",
        m1.GenerateContentResponse,
        reply=STREAM_EVENTS,
        body={"contents": [{"parts": [{"text": "Hi"}], "role": "user"}]},
        query={"alt": ["sse"]},
        id="tuned-model",
    ),
    Case(
        "v1beta",
        "embed_content",
        {
            "model": "text-embedding-004",
            "request": m1.EmbedContentRequest(
                content=m1.Content(parts=[m1.Part(text="embed me")]),
                task_type=e1.TaskType.RETRIEVAL_QUERY,
                output_dimensionality=3,
            ),
        },
        "POST",
        "/models/text-embedding-004:embedContent",
        m1.EmbedContentResponse,
        reply={"embedding": {"values": [0.1, -0.2, 0.3]}},
        body={
            "content": {"parts": [{"text": "embed me"}]},
            "taskType": "RETRIEVAL_QUERY",
            "outputDimensionality": 3,
        },
    ),
    Case(
        "v1beta",
        "list_models",
        {"page_size": 2},
        "GET",
        "/models",
        m1.Model,
        reply={"models": [MODEL, EMBEDDING_MODEL]},
        query={"pageSize": ["2"]},
    ),
    Case(
        "v1beta",
        "get_model",
        {"model": "models/gemini-2.5-flash"},
        "GET",
        "/models/gemini-2.5-flash",
        m1.Model,
        reply=MODEL,
    ),
    Case(
        "v1beta",
        "count_tokens",
        {
            "model": "gemini-2.5-flash",
            "request": m1.CountTokensRequest(contents=[_text("How many tokens?", "user")]),
        },
        "POST",
        "/models/gemini-2.5-flash:countTokens",
        m1.CountTokensResponse,
        reply={"totalTokens": 4, "promptTokensDetails": [{"modality": "TEXT", "tokenCount": 4}]},
        body={"contents": [{"parts": [{"text": "How many tokens?"}], "role": "user"}]},
    ),
    Case(
        "v1beta",
        "batch_embed_contents",
        {
            "model": "models/gemini-embedding-001",
            "request": {
                "requests": [
                    {"model": "models/gemini-embedding-001", "content": {"parts": [{"text": "a"}]}},
                    {"model": "models/gemini-embedding-001", "content": {"parts": [{"text": "b"}]}},
                ]
            },
        },
        "POST",
        "/models/gemini-embedding-001:batchEmbedContents",
        m1.BatchEmbedContentsResponse,
        reply={"embeddings": [{"values": [0.25, 0.5]}, {"values": [-0.75, 1.0]}]},
        body={
            "requests": [
                {"model": "models/gemini-embedding-001", "content": {"parts": [{"text": "a"}]}},
                {"model": "models/gemini-embedding-001", "content": {"parts": [{"text": "b"}]}},
            ]
        },
    ),
    Case(
        "v1beta",
        "generate_answer",
        {
            "model": "aqa",
            "request": m1.GenerateAnswerRequest(
                contents=[_text("What colour is the sky?", "user")],
                answer_style=e1.AnswerStyle.ABSTRACTIVE,
                inline_passages=m1.GroundingPassages(
                    passages=[m1.GroundingPassage(id="p1", content=_text("The sky is blue."))]
                ),
                temperature=0.2,
            ),
        },
        "POST",
        "/models/aqa:generateAnswer",
        m1.GenerateAnswerResponse,
        reply={
            "answer": {
                "content": {"parts": [{"text": "Blue."}], "role": "model"},
                "finishReason": "STOP",
                "groundingAttributions": [
                    {
                        "sourceId": {"groundingPassage": {"passageId": "p1", "partIndex": 0}},
                        "content": {"parts": [{"text": "The sky is blue."}]},
                    }
                ],
            },
            "answerableProbability": 0.9375,
            "inputFeedback": {
                "safetyRatings": [
                    {"category": "HARM_CATEGORY_DANGEROUS_CONTENT", "probability": "NEGLIGIBLE"}
                ]
            },
        },
        body={
            "contents": [{"parts": [{"text": "What colour is the sky?"}], "role": "user"}],
            "answerStyle": "ABSTRACTIVE",
            "inlinePassages": {
                "passages": [{"id": "p1", "content": {"parts": [{"text": "The sky is blue."}]}}]
            },
            "temperature": 0.2,
        },
    ),
    Case(
        "v1beta",
        "predict",
        {
            "model": "imagen-4.0-generate-001",
            "request": m1.PredictRequest(
                instances=[{"prompt": "A red bicycle"}], parameters={"sampleCount": 1}
            ),
        },
        "POST",
        "/models/imagen-4.0-generate-001:predict",
        m1.PredictResponse,
        reply={"predictions": [{"bytesBase64Encoded": "iVBORw0KGgo=", "mimeType": "image/png"}]},
        body={"instances": [{"prompt": "A red bicycle"}], "parameters": {"sampleCount": 1}},
    ),
    Case(
        "v1beta",
        "predict_long_running",
        {
            "model": "models/veo-3.0-generate-001",
            "request": {
                "instances": [{"prompt": "A cat surfing"}],
                "parameters": {"aspectRatio": "16:9"},
            },
        },
        "POST",
        "/models/veo-3.0-generate-001:predictLongRunning",
        m1.PredictLongRunningResponse,
        reply=VIDEO_OPERATION,
        body={"instances": [{"prompt": "A cat surfing"}], "parameters": {"aspectRatio": "16:9"}},
    ),
    Case(
        "v1beta",
        "batch_generate_content",
        {
            "model": "gemini-2.5-flash",
            "request": m1.BatchGenerateContentRequest(
                batch=m1.GenerateContentBatch(
                    display_name="nightly",
                    input_config=m1.InputConfig(
                        requests=m1.InlinedRequests(
                            requests=[
                                m1.InlinedRequest(
                                    request=m1.GenerateContentRequest(
                                        contents=[_text("6 x 7?", "user")]
                                    ),
                                    metadata={"key": "request-1"},
                                )
                            ]
                        )
                    ),
                )
            ),
        },
        "POST",
        "/models/gemini-2.5-flash:batchGenerateContent",
        m1.GenerateContentBatchOutput,
        reply=BATCH_OPERATION,
        body={
            "batch": {
                "displayName": "nightly",
                "inputConfig": {
                    "requests": {
                        "requests": [
                            {
                                "request": {
                                    "contents": [{"parts": [{"text": "6 x 7?"}], "role": "user"}]
                                },
                                "metadata": {"key": "request-1"},
                            }
                        ]
                    }
                },
            }
        },
    ),
    Case(
        "v1beta",
        "batch_generate_content",
        {
            "model": "tunedModels/my-model",
            "request": {"batch": {"displayName": "tuned", "inputConfig": {"fileName": "files/in"}}},
        },
        "POST",
        "/tunedModels/my-model:batchGenerateContent",
        m1.GenerateContentBatchOutput,
        reply=BATCH_OPERATION,
        body={"batch": {"displayName": "tuned", "inputConfig": {"fileName": "files/in"}}},
        id="tuned-model",
    ),
    Case(
        "v1beta",
        "async_batch_embed_content",
        {
            "model": "models/gemini-embedding-001",
            "request": {
                "batch": {
                    "displayName": "embed all",
                    "inputConfig": {"fileName": "files/embed-input"},
                }
            },
        },
        "POST",
        "/models/gemini-embedding-001:asyncBatchEmbedContent",
        m1.EmbedContentBatchOutput,
        reply={
            "name": "batches/emb",
            "metadata": {"@type": TYPE_PREFIX + "EmbedContentBatch", **EMBED_CONTENT_BATCH},
            "done": True,
            "response": {
                "@type": TYPE_PREFIX + "EmbedContentBatchOutput",
                "responsesFile": "files/batch-emb-output",
            },
        },
        body={
            "batch": {"displayName": "embed all", "inputConfig": {"fileName": "files/embed-input"}}
        },
    ),
    Case(
        "v1beta",
        "generate_text",
        {
            "model": "text-bison-001",
            "request": m1.GenerateTextRequest(
                prompt=m1.TextPrompt(text="Once"), temperature=0.7, candidate_count=1
            ),
        },
        "POST",
        "/models/text-bison-001:generateText",
        m1.GenerateTextResponse,
        reply=TEXT_REPLY,
        body={"prompt": {"text": "Once"}, "temperature": 0.7, "candidateCount": 1},
    ),
    Case(
        "v1beta",
        "generate_text",
        {"model": "tunedModels/my-model", "request": {"prompt": {"text": "Once"}}},
        "POST",
        "/tunedModels/my-model:generateText",
        m1.GenerateTextResponse,
        reply=TEXT_REPLY,
        body={"prompt": {"text": "Once"}},
        id="tuned-model",
    ),
    Case(
        "v1beta",
        "embed_text",
        {"model": "embedding-gecko-001", "request": {"text": "hello"}},
        "POST",
        "/models/embedding-gecko-001:embedText",
        m1.EmbedTextResponse,
        reply={"embedding": {"value": [0.5, -0.5]}},
        body={"text": "hello"},
    ),
    Case(
        "v1beta",
        "batch_embed_text",
        {
            "model": "models/embedding-gecko-001",
            "request": m1.BatchEmbedTextRequest(texts=["a", "b"]),
        },
        "POST",
        "/models/embedding-gecko-001:batchEmbedText",
        m1.BatchEmbedTextResponse,
        reply={"embeddings": [{"value": [1.0]}, {"value": [2.5]}]},
        body={"texts": ["a", "b"]},
    ),
    Case(
        "v1beta",
        "count_text_tokens",
        {"model": "text-bison-001", "request": {"prompt": {"text": "abc"}}},
        "POST",
        "/models/text-bison-001:countTextTokens",
        m1.CountTextTokensResponse,
        reply={"tokenCount": 2},
        body={"prompt": {"text": "abc"}},
    ),
    Case(
        "v1beta",
        "generate_message",
        {
            "model": "models/chat-bison-001",
            "request": m1.GenerateMessageRequest(
                prompt=m1.MessagePrompt(
                    context="Be brief.", messages=[m1.Message(author="0", content="hi")]
                ),
                temperature=0.25,
            ),
        },
        "POST",
        "/models/chat-bison-001:generateMessage",
        m1.GenerateMessageResponse,
        reply={
            "candidates": [{"author": "1", "content": "Hello!"}],
            "messages": [{"author": "0", "content": "hi"}],
        },
        body={
            "prompt": {"context": "Be brief.", "messages": [{"author": "0", "content": "hi"}]},
            "temperature": 0.25,
        },
    ),
    Case(
        "v1beta",
        "count_message_tokens",
        {"model": "chat-bison-001", "request": {"prompt": {"messages": [{"content": "hi"}]}}},
        "POST",
        "/models/chat-bison-001:countMessageTokens",
        m1.CountMessageTokensResponse,
        reply={"tokenCount": 5},
        body={"prompt": {"messages": [{"content": "hi"}]}},
    ),
]

TUNING_CASES = [
    Case(
        "v1beta",
        "list_tuned_models",
        {"page_size": 5, "filter_": "owner:me"},
        "GET",
        "/tunedModels",
        m1.TunedModel,
        reply={"tunedModels": [TUNED_MODEL, {**TUNED_MODEL, "name": "tunedModels/other"}]},
        query={"pageSize": ["5"], "filter": ["owner:me"]},
    ),
    Case(
        "v1beta",
        "create_tuned_model",
        {
            "tuned_model_id": "my-model",
            "request": m1.TunedModel(
                base_model="models/gemini-1.5-flash-001-tuning",
                display_name="Number counter",
                tuning_task=m1.TuningTask(
                    training_data=m1.Dataset(
                        examples=m1.TuningExamples(
                            examples=[
                                m1.TuningExample(text_input="1", output="2"),
                                m1.TuningExample(text_input="3", output="4"),
                            ]
                        )
                    ),
                    hyperparameters=m1.Hyperparameters(
                        epoch_count=5, batch_size=4, learning_rate=0.001
                    ),
                ),
            ),
        },
        "POST",
        "/tunedModels",
        m1.TunedModel,
        reply=TUNING_OPERATION,
        body={
            "baseModel": "models/gemini-1.5-flash-001-tuning",
            "displayName": "Number counter",
            "tuningTask": {
                "trainingData": {"examples": TUNING_EXAMPLES},
                "hyperparameters": {"epochCount": 5, "batchSize": 4, "learningRate": 0.001},
            },
        },
        query={"tunedModelId": ["my-model"]},
    ),
    Case(
        "v1beta",
        "get_tuned_model",
        {"tuned_model": "tunedModels/my-model"},
        "GET",
        "/tunedModels/my-model",
        m1.TunedModel,
        reply=TUNED_MODEL,
    ),
    Case(
        "v1beta",
        "delete_tuned_model",
        {"tuned_model": "my-model"},
        "DELETE",
        "/tunedModels/my-model",
        m1.Empty,
    ),
    Case(
        "v1beta",
        "update_tuned_model",
        {
            "tuned_model": "my-model",
            "update_mask": "displayName,description",
            "request": {"displayName": "Counter v2", "description": "Counts better."},
        },
        "PATCH",
        "/tunedModels/my-model",
        m1.TunedModel,
        reply={**TUNED_MODEL, "displayName": "Counter v2", "description": "Counts better."},
        body={"displayName": "Counter v2", "description": "Counts better."},
        query={"updateMask": ["displayName,description"]},
    ),
    Case(
        "v1beta",
        "transfer_ownership",
        {
            "tuned_model": "tunedModels/my-model",
            "request": m1.TransferOwnershipRequest(email_address="bob@example.com"),
        },
        "POST",
        "/tunedModels/my-model:transferOwnership",
        m1.TransferOwnershipResponse,
        body={"emailAddress": "bob@example.com"},
    ),
    Case(
        "v1beta",
        "list_permissions",
        {"parent": "my-model", "page_size": 10},
        "GET",
        "/tunedModels/my-model/permissions",
        m1.Permission,
        reply={
            "permissions": [
                PERMISSION,
                {
                    **PERMISSION,
                    "name": "tunedModels/my-model/permissions/p3",
                    "granteeType": "EVERYONE",
                    "role": "READER",
                },
            ]
        },
        query={"pageSize": ["10"]},
    ),
    Case(
        "v1beta",
        "list_permissions",
        {"parent": "corpora/my-corpus"},
        "GET",
        "/corpora/my-corpus/permissions",
        m1.Permission,
        reply={"permissions": [CORPUS_PERMISSION]},
        id="corpora",
    ),
    Case(
        "v1beta",
        "create_permission",
        {
            "parent": "my-model",
            "request": m1.Permission(
                grantee_type=e1.GranteeType.USER,
                email_address="ada@example.com",
                role=e1.Role.READER,
            ),
        },
        "POST",
        "/tunedModels/my-model/permissions",
        m1.Permission,
        reply=PERMISSION,
        body={"granteeType": "USER", "emailAddress": "ada@example.com", "role": "READER"},
    ),
    Case(
        "v1beta",
        "create_permission",
        {
            "parent": "corpora/my-corpus",
            "request": {
                "granteeType": "GROUP",
                "emailAddress": "team@example.com",
                "role": "WRITER",
            },
        },
        "POST",
        "/corpora/my-corpus/permissions",
        m1.Permission,
        reply=CORPUS_PERMISSION,
        body={"granteeType": "GROUP", "emailAddress": "team@example.com", "role": "WRITER"},
        id="corpora",
    ),
    Case(
        "v1beta",
        "get_permission",
        {"permission": "tunedModels/my-model/permissions/p1"},
        "GET",
        "/tunedModels/my-model/permissions/p1",
        m1.Permission,
        reply=PERMISSION,
    ),
    Case(
        "v1beta",
        "get_permission",
        {"permission": "corpora/my-corpus/permissions/p2"},
        "GET",
        "/corpora/my-corpus/permissions/p2",
        m1.Permission,
        reply=CORPUS_PERMISSION,
        id="corpora",
    ),
    Case(
        "v1beta",
        "delete_permission",
        {"tuned_model": "my-model", "permission": "p1"},
        "DELETE",
        "/tunedModels/my-model/permissions/p1",
        m1.Empty,
    ),
    Case(
        "v1beta",
        "update_permission",
        {
            "permission": "corpora/my-corpus/permissions/p2",
            "update_mask": "role",
            "request": m1.Permission(role=e1.Role.READER),
        },
        "PATCH",
        "/corpora/my-corpus/permissions/p2",
        m1.Permission,
        reply={**CORPUS_PERMISSION, "role": "READER"},
        body={"role": "READER"},
        query={"updateMask": ["role"]},
    ),
]

OPERATION_CASES = [
    Case(
        "v1beta",
        "get_operation",
        {"operation": "tunedModels/my-model/operations/op-1"},
        "GET",
        "/tunedModels/my-model/operations/op-1",
        dict,
        reply=TUNING_OPERATION,
    ),
    Case(
        "v1beta",
        "get_operation",
        {"tuned_model": "my-model", "operation": "op-1"},
        "GET",
        "/tunedModels/my-model/operations/op-1",
        dict,
        reply=TUNING_OPERATION,
        id="short-ids",
    ),
    Case(
        "v1beta",
        "get_operation",
        {"operation": "models/veo-3.0-generate-001/operations/vid-1"},
        "GET",
        "/models/veo-3.0-generate-001/operations/vid-1",
        dict,
        reply=VIDEO_OPERATION,
        id="models",
    ),
    Case(
        "v1beta",
        "get_operation",
        {"operation": "corpora/my-corpus/operations/op-2"},
        "GET",
        "/corpora/my-corpus/operations/op-2",
        dict,
        reply=_operation("corpora/my-corpus/operations/op-2", "Corpus", CORPUS),
        id="corpora",
    ),
    Case(
        "v1beta",
        "get_operation",
        {"operation": "generatedFiles/gen-7/operations/op-3"},
        "GET",
        "/generatedFiles/gen-7/operations/op-3",
        dict,
        reply=_operation(
            "generatedFiles/gen-7/operations/op-3", "PredictLongRunningResponse", VIDEO_RESPONSE
        ),
        id="generatedFiles",
    ),
    Case(
        "v1beta",
        "get_operation",
        {"operation": "fileSearchStores/my-store/upload/operations/up-1"},
        "GET",
        "/fileSearchStores/my-store/upload/operations/up-1",
        dict,
        reply=_operation(
            "fileSearchStores/my-store/upload/operations/up-1",
            "UploadToFileSearchStoreResponse",
            STORE_IMPORT,
        ),
        id="fileSearchStores-upload",
    ),
    Case(
        "v1beta",
        "list_operations",
        {"parent": "my-model", "page_size": 2, "return_partial_success": True},
        "GET",
        "/tunedModels/my-model/operations",
        m1.Operation,
        reply={
            "operations": [
                TUNING_OPERATION,
                {"name": "tunedModels/my-model/operations/op-0", "done": False},
            ],
            "unreachable": ["tunedModels/my-model/operations/elsewhere"],
        },
        query={"pageSize": ["2"], "returnPartialSuccess": ["true"]},
    ),
    Case(
        "v1beta",
        "list_operations",
        {"parent": "models/veo-3.0-generate-001", "filter_": "done=true"},
        "GET",
        "/models/veo-3.0-generate-001/operations",
        m1.Operation,
        reply={"operations": [VIDEO_OPERATION]},
        query={"filter": ["done=true"]},
        id="models",
    ),
]

BATCH_CASES = [
    Case(
        "v1beta",
        "list_batches",
        {"page_size": 10, "filter_": "state=BATCH_STATE_RUNNING"},
        "GET",
        "/batches",
        m1.Operation,
        reply={"operations": [BATCH_OPERATION]},
        query={"pageSize": ["10"], "filter": ["state=BATCH_STATE_RUNNING"]},
    ),
    Case(
        "v1beta",
        "get_batch",
        {"batch": "batches/abc"},
        "GET",
        "/batches/abc",
        dict,
        reply=BATCH_OPERATION,
    ),
    Case("v1beta", "delete_batch", {"batch": "abc"}, "DELETE", "/batches/abc", m1.Empty),
    Case(
        "v1beta", "cancel_batch", {"batch": "batches/abc"}, "POST", "/batches/abc:cancel", m1.Empty
    ),
    Case(
        "v1beta",
        "update_generate_content_batch",
        {
            "batch": "abc",
            "update_mask": "priority",
            "request": m1.GenerateContentBatch(
                display_name="nightly",
                input_config=m1.InputConfig(file_name="files/batch-input"),
                priority=5,
            ),
        },
        "PATCH",
        "/batches/abc:updateGenerateContentBatch",
        m1.GenerateContentBatch,
        reply=GENERATE_CONTENT_BATCH,
        body={
            "displayName": "nightly",
            "inputConfig": {"fileName": "files/batch-input"},
            "priority": 5,
        },
        query={"updateMask": ["priority"]},
    ),
    Case(
        "v1beta",
        "update_embed_content_batch",
        {
            "batch": "batches/emb",
            "update_mask": "displayName",
            "request": {
                "displayName": "embed all (v2)",
                "inputConfig": {"fileName": "files/embed-input"},
            },
        },
        "PATCH",
        "/batches/emb:updateEmbedContentBatch",
        m1.EmbedContentBatch,
        reply={**EMBED_CONTENT_BATCH, "displayName": "embed all (v2)"},
        body={"displayName": "embed all (v2)", "inputConfig": {"fileName": "files/embed-input"}},
        query={"updateMask": ["displayName"]},
    ),
]

CACHE_AND_FILE_CASES = [
    Case(
        "v1beta",
        "list_cached_contents",
        {"page_size": 2},
        "GET",
        "/cachedContents",
        m1.CachedContent,
        reply={
            "cachedContents": [CACHED_CONTENT, {**CACHED_CONTENT, "name": "cachedContents/def"}]
        },
        query={"pageSize": ["2"]},
    ),
    Case(
        "v1beta",
        "create_cached_content",
        {
            "request": m1.CachedContent(
                model="models/gemini-2.0-flash-001",
                display_name="handbook",
                system_instruction=_text("Answer from the handbook only."),
                contents=[
                    m1.Content(
                        role="user",
                        parts=[
                            m1.Part(
                                file_data=m1.FileData(
                                    mime_type="application/pdf",
                                    file_uri=FILE["uri"],
                                )
                            )
                        ],
                    )
                ],
                ttl="3600s",
            )
        },
        "POST",
        "/cachedContents",
        m1.CachedContent,
        reply=CACHED_CONTENT,
        body={
            "model": "models/gemini-2.0-flash-001",
            "displayName": "handbook",
            "systemInstruction": {"parts": [{"text": "Answer from the handbook only."}]},
            "contents": [
                {
                    "role": "user",
                    "parts": [
                        {"fileData": {"mimeType": "application/pdf", "fileUri": FILE["uri"]}}
                    ],
                }
            ],
            "ttl": "3600s",
        },
    ),
    Case(
        "v1beta",
        "get_cached_content",
        {"cached_content": "cachedContents/abc123"},
        "GET",
        "/cachedContents/abc123",
        m1.CachedContent,
        reply=CACHED_CONTENT,
    ),
    Case(
        "v1beta",
        "delete_cached_content",
        {"cached_content": "abc123"},
        "DELETE",
        "/cachedContents/abc123",
        m1.Empty,
    ),
    Case(
        "v1beta",
        "update_cached_content",
        {"cached_content": "abc123", "update_mask": "ttl", "request": {"ttl": "7200s"}},
        "PATCH",
        "/cachedContents/abc123",
        m1.CachedContent,
        reply={**CACHED_CONTENT, "expireTime": "2025-02-01T11:00:00Z"},
        body={"ttl": "7200s"},
        query={"updateMask": ["ttl"]},
    ),
    Case(
        "v1beta",
        "list_files",
        {"page_size": 2, "page_token": "page-2"},
        "GET",
        "/files",
        m1.File,
        reply={"files": [FILE, VIDEO_FILE]},
        query={"pageSize": ["2"], "pageToken": ["page-2"]},
    ),
    Case(
        "v1beta",
        "create_file",
        {"request": m1.CreateFileRequest(file=m1.File(display_name="report.pdf"))},
        "POST",
        "/files",
        m1.CreateFileResponse,
        reply={"file": {**FILE, "state": "PROCESSING"}},
        body={"file": {"displayName": "report.pdf"}},
    ),
    Case("v1beta", "get_file", {"file": "files/abc-123"}, "GET", "/files/abc-123", m1.File, FILE),
    Case("v1beta", "delete_file", {"file": "abc-123"}, "DELETE", "/files/abc-123", m1.Empty),
    Case(
        "v1beta",
        "register_files",
        {"request": m1.RegisterFilesRequest(uris=["gs://my-bucket/report.pdf"])},
        "POST",
        "/files:register",
        m1.RegisterFilesResponse,
        reply={"files": [{**FILE, "source": "REGISTERED"}]},
        body={"uris": ["gs://my-bucket/report.pdf"]},
    ),
    Case(
        "v1beta",
        "list_generated_files",
        {"page_size": 10},
        "GET",
        "/generatedFiles",
        m1.GeneratedFile,
        reply={
            "generatedFiles": [
                {"name": "generatedFiles/gen-1", "mimeType": "video/mp4", "state": "GENERATED"},
                {
                    "name": "generatedFiles/gen-2",
                    "state": "FAILED",
                    "error": {"code": 3, "message": "Prompt was blocked."},
                },
            ]
        },
        query={"pageSize": ["10"]},
    ),
]

CORPUS_CASES = [
    Case(
        "v1beta",
        "list_corpora",
        {"page_size": 20},
        "GET",
        "/corpora",
        m1.Corpus,
        reply={"corpora": [CORPUS, {**CORPUS, "name": "corpora/other", "displayName": "Other"}]},
        query={"pageSize": ["20"]},
    ),
    Case(
        "v1beta",
        "create_corpus",
        {"request": m1.Corpus(name="corpora/my-corpus", display_name="Product docs")},
        "POST",
        "/corpora",
        m1.Corpus,
        reply=CORPUS,
        body={"name": "corpora/my-corpus", "displayName": "Product docs"},
    ),
    Case(
        "v1beta",
        "get_corpus",
        {"corpus": "my-corpus"},
        "GET",
        "/corpora/my-corpus",
        m1.Corpus,
        CORPUS,
    ),
    Case(
        "v1beta",
        "delete_corpus",
        {"corpus": "corpora/my-corpus", "force": True},
        "DELETE",
        "/corpora/my-corpus",
        m1.Empty,
        query={"force": ["true"]},
    ),
    Case(
        "v1beta",
        "update_corpus",
        {
            "corpus": "my-corpus",
            "update_mask": "displayName",
            "request": {"displayName": "Product docs v2"},
        },
        "PATCH",
        "/corpora/my-corpus",
        m1.Corpus,
        reply={**CORPUS, "displayName": "Product docs v2"},
        body={"displayName": "Product docs v2"},
        query={"updateMask": ["displayName"]},
    ),
    Case(
        "v1beta",
        "query_corpus",
        {
            "corpus": "corpora/my-corpus",
            "request": m1.QueryCorpusRequest(
                query="how do I install it?",
                results_count=2,
                metadata_filters=[
                    m1.MetadataFilter(
                        key="document.custom_metadata.year",
                        conditions=[
                            m1.Condition(
                                operation=e1.ConditionOperator.GREATER_EQUAL, numeric_value=2020
                            )
                        ],
                    )
                ],
            ),
        },
        "POST",
        "/corpora/my-corpus:query",
        m1.QueryCorpusResponse,
        reply=RELEVANT_CHUNKS,
        body={
            "query": "how do I install it?",
            "resultsCount": 2,
            "metadataFilters": [
                {
                    "key": "document.custom_metadata.year",
                    "conditions": [{"operation": "GREATER_EQUAL", "numericValue": 2020}],
                }
            ],
        },
    ),
    Case(
        "v1beta",
        "create_document",
        {
            "parent": "corpora/my-corpus",
            "request": m1.Document(
                display_name="Install guide",
                custom_metadata=[
                    m1.CustomMetadata(key="author", string_value="Ada"),
                    m1.CustomMetadata(
                        key="tags", string_list_value=m1.StringList(values=["setup", "linux"])
                    ),
                ],
            ),
        },
        "POST",
        "/corpora/my-corpus/documents",
        m1.Document,
        reply=DOCUMENT,
        body={
            "displayName": "Install guide",
            "customMetadata": [
                {"key": "author", "stringValue": "Ada"},
                {"key": "tags", "stringListValue": {"values": ["setup", "linux"]}},
            ],
        },
    ),
    Case(
        "v1beta",
        "list_documents",
        {"parent": "my-store", "page_size": 20},
        "GET",
        "/fileSearchStores/my-store/documents",
        m1.Document,
        reply={"documents": [STORE_DOCUMENT]},
        query={"pageSize": ["20"]},
    ),
    Case(
        "v1beta",
        "list_documents",
        {"parent": "corpora/my-corpus"},
        "GET",
        "/corpora/my-corpus/documents",
        m1.Document,
        reply={"documents": [DOCUMENT]},
        id="corpora",
    ),
    Case(
        "v1beta",
        "get_document",
        {"file_search_store": "my-store", "document": "doc-1"},
        "GET",
        "/fileSearchStores/my-store/documents/doc-1",
        m1.Document,
        reply=STORE_DOCUMENT,
    ),
    Case(
        "v1beta",
        "get_document",
        {"document": "corpora/my-corpus/documents/doc-1"},
        "GET",
        "/corpora/my-corpus/documents/doc-1",
        m1.Document,
        reply=DOCUMENT,
        id="corpora",
    ),
    Case(
        "v1beta",
        "delete_document",
        {"document": "fileSearchStores/my-store/documents/doc-1", "force": True},
        "DELETE",
        "/fileSearchStores/my-store/documents/doc-1",
        m1.Empty,
        query={"force": ["true"]},
    ),
    Case(
        "v1beta",
        "update_document",
        {
            "corpus": "my-corpus",
            "document": "doc-1",
            "update_mask": "customMetadata",
            "request": {"customMetadata": [{"key": "year", "numericValue": 2025}]},
        },
        "PATCH",
        "/corpora/my-corpus/documents/doc-1",
        m1.Document,
        reply={**DOCUMENT, "customMetadata": [{"key": "year", "numericValue": 2025}]},
        body={"customMetadata": [{"key": "year", "numericValue": 2025}]},
        query={"updateMask": ["customMetadata"]},
    ),
    Case(
        "v1beta",
        "query_document",
        {
            "document": "corpora/my-corpus/documents/doc-1",
            "request": m1.QueryDocumentRequest(query="reboot?", results_count=1),
        },
        "POST",
        "/corpora/my-corpus/documents/doc-1:query",
        m1.QueryDocumentResponse,
        reply={"relevantChunks": [{"chunkRelevanceScore": 0.77, "chunk": CHUNK_2}]},
        body={"query": "reboot?", "resultsCount": 1},
    ),
]

CHUNK_CASES = [
    Case(
        "v1beta",
        "list_chunks",
        {"parent": "corpora/my-corpus/documents/doc-1", "page_size": 100},
        "GET",
        "/corpora/my-corpus/documents/doc-1/chunks",
        m1.Chunk,
        reply={"chunks": [CHUNK, CHUNK_2]},
        query={"pageSize": ["100"]},
    ),
    Case(
        "v1beta",
        "create_chunk",
        {
            "corpus": "my-corpus",
            "parent": "doc-1",
            "request": m1.Chunk(
                data=m1.ChunkData(string_value="Run the installer as root."),
                custom_metadata=[m1.CustomMetadata(key="section", string_value="intro")],
            ),
        },
        "POST",
        "/corpora/my-corpus/documents/doc-1/chunks",
        m1.Chunk,
        reply=CHUNK,
        body={
            "data": {"stringValue": "Run the installer as root."},
            "customMetadata": [{"key": "section", "stringValue": "intro"}],
        },
    ),
    Case(
        "v1beta",
        "get_chunk",
        {"corpus": "my-corpus", "document": "doc-1", "chunk": "chunk-1"},
        "GET",
        "/corpora/my-corpus/documents/doc-1/chunks/chunk-1",
        m1.Chunk,
        reply=CHUNK,
    ),
    Case(
        "v1beta",
        "delete_chunk",
        {"chunk": "corpora/my-corpus/documents/doc-1/chunks/chunk-2"},
        "DELETE",
        "/corpora/my-corpus/documents/doc-1/chunks/chunk-2",
        m1.Empty,
    ),
    Case(
        "v1beta",
        "update_chunk",
        {
            "corpus": "corpora/my-corpus",
            "document": "documents/doc-1",
            "chunk": "chunk-1",
            "update_mask": "data",
            "request": {"data": {"stringValue": "Run the installer with sudo."}},
        },
        "PATCH",
        "/corpora/my-corpus/documents/doc-1/chunks/chunk-1",
        m1.Chunk,
        reply={**CHUNK, "data": {"stringValue": "Run the installer with sudo."}},
        body={"data": {"stringValue": "Run the installer with sudo."}},
        query={"updateMask": ["data"]},
    ),
    Case(
        "v1beta",
        "batch_create_chunks",
        {
            "parent": "corpora/my-corpus/documents/doc-1",
            "request": m1.BatchCreateChunksRequest(
                requests=[
                    m1.CreateChunkRequest(
                        parent=DOCUMENT["name"],
                        chunk=m1.Chunk(
                            data=m1.ChunkData(string_value="Run the installer as root.")
                        ),
                    ),
                    m1.CreateChunkRequest(
                        parent=DOCUMENT["name"],
                        chunk=m1.Chunk(data=m1.ChunkData(string_value="Then reboot.")),
                    ),
                ]
            ),
        },
        "POST",
        "/corpora/my-corpus/documents/doc-1/chunks:batchCreate",
        m1.BatchCreateChunksResponse,
        reply={"chunks": [CHUNK, CHUNK_2]},
        body={
            "requests": [
                {
                    "parent": DOCUMENT["name"],
                    "chunk": {"data": {"stringValue": "Run the installer as root."}},
                },
                {"parent": DOCUMENT["name"], "chunk": {"data": {"stringValue": "Then reboot."}}},
            ]
        },
    ),
    Case(
        "v1beta",
        "batch_update_chunks",
        {
            "corpus": "my-corpus",
            "parent": "doc-1",
            "request": {
                "requests": [
                    {
                        "chunk": {"name": CHUNK_2["name"], "data": {"stringValue": "Reboot now."}},
                        "updateMask": "data",
                    }
                ]
            },
        },
        "POST",
        "/corpora/my-corpus/documents/doc-1/chunks:batchUpdate",
        m1.BatchUpdateChunksResponse,
        reply={"chunks": [{**CHUNK_2, "data": {"stringValue": "Reboot now."}}]},
        body={
            "requests": [
                {
                    "chunk": {"name": CHUNK_2["name"], "data": {"stringValue": "Reboot now."}},
                    "updateMask": "data",
                }
            ]
        },
    ),
    Case(
        "v1beta",
        "batch_delete_chunks",
        {
            "parent": "corpora/my-corpus/documents/doc-1",
            "request": m1.BatchDeleteChunksRequest(
                requests=[
                    m1.DeleteChunkRequest(name=CHUNK["name"]),
                    m1.DeleteChunkRequest(name=CHUNK_2["name"]),
                ]
            ),
        },
        "POST",
        "/corpora/my-corpus/documents/doc-1/chunks:batchDelete",
        m1.Empty,
        body={"requests": [{"name": CHUNK["name"]}, {"name": CHUNK_2["name"]}]},
    ),
]

FILE_SEARCH_CASES = [
    Case(
        "v1beta",
        "list_file_search_stores",
        {"page_size": 20},
        "GET",
        "/fileSearchStores",
        m1.FileSearchStore,
        reply={"fileSearchStores": [FILE_SEARCH_STORE]},
        query={"pageSize": ["20"]},
    ),
    Case(
        "v1beta",
        "create_file_search_store",
        {"request": m1.FileSearchStore(display_name="Handbook")},
        "POST",
        "/fileSearchStores",
        m1.FileSearchStore,
        reply=FILE_SEARCH_STORE,
        body={"displayName": "Handbook"},
    ),
    Case(
        "v1beta",
        "get_file_search_store",
        {"file_search_store": "fileSearchStores/my-store"},
        "GET",
        "/fileSearchStores/my-store",
        m1.FileSearchStore,
        reply=FILE_SEARCH_STORE,
    ),
    Case(
        "v1beta",
        "delete_file_search_store",
        {"file_search_store": "my-store", "force": False},
        "DELETE",
        "/fileSearchStores/my-store",
        m1.Empty,
        query={"force": ["false"]},
    ),
    Case(
        "v1beta",
        "import_file",
        {
            "file_search_store": "my-store",
            "request": m1.ImportFileRequest(
                file_name="files/abc-123",
                custom_metadata=[m1.CustomMetadata(key="team", string_value="support")],
                chunking_config=m1.ChunkingConfig(
                    white_space_config=m1.WhiteSpaceConfig(
                        max_tokens_per_chunk=200, max_overlap_tokens=20
                    )
                ),
            ),
        },
        "POST",
        "/fileSearchStores/my-store:importFile",
        m1.ImportFileResponse,
        reply={
            **_operation(
                "fileSearchStores/my-store/operations/imp-1", "ImportFileResponse", STORE_IMPORT
            ),
            "metadata": {"@type": TYPE_PREFIX + "ImportFileMetadata", "progress": 100},
        },
        body={
            "fileName": "files/abc-123",
            "customMetadata": [{"key": "team", "stringValue": "support"}],
            "chunkingConfig": {
                "whiteSpaceConfig": {"maxTokensPerChunk": 200, "maxOverlapTokens": 20}
            },
        },
    ),
    Case(
        "v1beta",
        "upload_to_file_search_store",
        {
            "file_search_store": "fileSearchStores/my-store",
            "request": {"displayName": "handbook.pdf", "mimeType": "application/pdf"},
        },
        "POST",
        "/fileSearchStores/my-store:uploadToFileSearchStore",
        m1.UploadToFileSearchStoreResponse,
        reply=_operation(
            "fileSearchStores/my-store/upload/operations/up-1",
            "UploadToFileSearchStoreResponse",
            STORE_IMPORT,
        ),
        body={"displayName": "handbook.pdf", "mimeType": "application/pdf"},
    ),
]

V1BETA_CASES: list[Case] = [
    *MODEL_CASES,
    *TUNING_CASES,
    *OPERATION_CASES,
    *BATCH_CASES,
    *CACHE_AND_FILE_CASES,
    *CORPUS_CASES,
    *CHUNK_CASES,
    *FILE_SEARCH_CASES,
]
