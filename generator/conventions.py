"""API conventions beyond OpenAPI, one profile per API family, chosen per spec.

Google APIs follow conventions OpenAPI cannot say (AIP-158 page tokens, AIP-151
long-running operations, AIP-122 resource names, the `x-goog-api-key` header,
google.rpc.RetryInfo in error bodies). The parser, the views and the copied
runtime read them only from here, so a spec of another family gets none of
them, and no Gemini or Google text.

A profile is chosen from the spec (its server host) unless `pyproject.toml` sets
`conventions = "gemini" | "google" | "openapi"`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

__all__ = ["GEMINI", "GOOGLE", "OPENAPI", "PROFILES", "Conventions", "detect_conventions"]


@dataclass(frozen=True, slots=True)
class Conventions:
    """What a client may assume about an API beyond its OpenAPI description."""

    name: str
    # How package docs name the product; empty: the APIs' own titles.
    product: str
    # Environment variables a client reads the API key from, in order.
    key_env_vars: tuple[str, ...]
    # Page-token pagination: a token parameter in, a next token and one list out.
    page_token_params: tuple[str, ...]
    page_size_params: tuple[str, ...]
    next_token_fields: tuple[str, ...]
    # The page's items: its first list field (AIP-158 puts the resources first), or,
    # when False, its only list field (a page with two lists is not paged).
    first_list_is_items: bool
    # A response of this schema is a long-running operation handle, even without
    # the `x-long-running` extension; None: only the extension says so.
    operation_schema: str | None
    # The `@type` of the error detail that says how long to wait before retrying.
    retry_info_type: str | None
    # The query parameter of a PATCH naming the fields to change (AIP-134); when not
    # given, the client names the fields present in the body.
    update_mask_param: str | None
    # Paths alternate collection / {id} and the last id may be a full resource name
    # (`tunedModels/x/permissions/y`), so the ids before it are optional arguments.
    resource_names: bool
    # The environment variable that turns the client's logging on (`info` or `debug`);
    # None: only the standard `logging` setup does.
    log_env_var: str | None
    # Response headers that may carry the server's id for a request, in order of
    # preference (`RawResponse.request_id`).
    request_id_headers: tuple[str, ...]

    def runtime_constants(self) -> dict[str, Any]:
        """The values of the copied runtime's family constants (`render.runtime`)."""
        return {
            "_KEY_ENV_VARS": self.key_env_vars,
            "_RETRY_INFO": self.retry_info_type,
            "_LOG_ENV_VAR": self.log_env_var,
            "_REQUEST_ID_HEADERS": self.request_id_headers,
        }


# Google's frontends document no request-id response header; these are the ones a
# proxy or gateway in front of the API commonly adds.
_REQUEST_ID_HEADERS = ("x-request-id", "x-goog-request-id")
_PAGE_TOKENS = {
    "page_token_params": ("pageToken", "page_token"),
    "page_size_params": ("pageSize", "page_size"),
    "next_token_fields": ("nextPageToken", "next_page_token"),
}
GOOGLE = Conventions(
    name="google",
    product="",
    key_env_vars=("GOOGLE_API_KEY",),
    operation_schema="Operation",
    retry_info_type="type.googleapis.com/google.rpc.RetryInfo",
    resource_names=True,
    first_list_is_items=True,
    update_mask_param="updateMask",
    log_env_var=None,
    request_id_headers=_REQUEST_ID_HEADERS,
    **_PAGE_TOKENS,
)
GEMINI = Conventions(
    name="gemini",
    product="the Gemini API",
    key_env_vars=("GEMINI_API_KEY", "GOOGLE_API_KEY"),
    operation_schema=GOOGLE.operation_schema,
    retry_info_type=GOOGLE.retry_info_type,
    resource_names=True,
    first_list_is_items=True,
    update_mask_param="updateMask",
    log_env_var="GEMINI_LOG",
    request_id_headers=_REQUEST_ID_HEADERS,
    **_PAGE_TOKENS,
)
# Page tokens are common well beyond Google; the rest is not.
OPENAPI = Conventions(
    name="openapi",
    product="",
    key_env_vars=(),
    operation_schema=None,
    retry_info_type=None,
    resource_names=False,
    first_list_is_items=False,
    update_mask_param=None,
    log_env_var=None,
    request_id_headers=("x-request-id", "request-id"),
    **_PAGE_TOKENS,
)
PROFILES: Mapping[str, Conventions] = {p.name: p for p in (GEMINI, GOOGLE, OPENAPI)}
_GEMINI_HOSTS = frozenset({"generativelanguage.googleapis.com"})
_GOOGLE_KEY_HEADER = "x-goog-api-key"


def detect_conventions(data: Mapping[str, Any]) -> Conventions:
    """The profile a spec's servers and security schemes point to."""
    hosts = {_host(server) for server in _list(data.get("servers"))}
    if hosts & _GEMINI_HOSTS:
        return GEMINI
    if any(host.endswith(".googleapis.com") for host in hosts) or _uses_google_key(data):
        return GOOGLE
    return OPENAPI


def _host(server: Any) -> str:
    url = server.get("url") if isinstance(server, dict) else None
    return (urlsplit(url).hostname or "") if isinstance(url, str) else ""


def _uses_google_key(data: Mapping[str, Any]) -> bool:
    components = data.get("components")
    schemes = components.get("securitySchemes") if isinstance(components, dict) else None
    return isinstance(schemes, dict) and any(
        isinstance(s, dict) and str(s.get("name", "")).lower() == _GOOGLE_KEY_HEADER
        for s in schemes.values()
    )


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
