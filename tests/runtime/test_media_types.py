"""Operations whose bodies are not JSON: form, multipart, raw bytes in; raw bytes out.

A small spec is generated into a temporary package and called against a real
HTTP server on 127.0.0.1 that echoes what it received.
"""

from __future__ import annotations

import importlib
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ..support.specs import run_cli, write_spec

SPEC = """\
openapi: 3.0.3
info: {title: Media, version: v1}
servers: [{url: "http://127.0.0.1:1/api"}]
components:
  securitySchemes:
    QueryKey: {type: apiKey, in: query, name: token}
  schemas:
    Upload:
      type: object
      properties:
        name: {type: string}
        file: {type: string, format: binary}
    Echo:
      type: object
      properties:
        contentType: {type: string}
        body: {type: string}
        query: {type: string}
security: [{QueryKey: []}]
paths:
  /form:
    post:
      operationId: sendForm
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: {$ref: '#/components/schemas/Upload'}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Echo'}}}}
  /multipart:
    post:
      operationId: sendMultipart
      requestBody:
        content:
          multipart/form-data:
            schema: {$ref: '#/components/schemas/Upload'}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Echo'}}}}
  /raw:
    put:
      operationId: sendRaw
      requestBody:
        content:
          application/octet-stream:
            schema: {type: string, format: binary}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Echo'}}}}
  /download:
    get:
      operationId: download
      responses:
        "200": {description: ok, content: {text/csv: {schema: {type: string}}}}
"""


class _Echo(BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep test output quiet
        pass

    def _reply(self, status, body, content_type="application/json"):
        self.send_response(status)
        self.send_header("content-type", content_type)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self._reply(200, b"a,b\r\n1,2\r\n", "text/csv")

    def do_POST(self):
        length = int(self.headers.get("content-length", 0))
        body = self.rfile.read(length)
        echo = {
            "contentType": self.headers.get("content-type", ""),
            "body": body.decode("latin-1"),
            "query": self.path.partition("?")[2],
        }
        self._reply(200, json.dumps(echo).encode())

    do_PUT = do_POST


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    folder = tmp_path_factory.mktemp("media")
    spec = write_spec(folder, SPEC)
    result = run_cli(
        "generate", "--spec", str(spec), "--out", str(folder), "--package", "media_pkg"
    )
    assert result.returncode == 0, result.stderr
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Echo)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    sys.path.insert(0, str(folder))
    try:
        client_module = importlib.import_module("media_pkg.v1.client")
        models = importlib.import_module("media_pkg.v1.models")
        client = client_module.Client(
            api_key="secret", base_url=f"http://127.0.0.1:{server.server_address[1]}/api"
        )
        yield client, models
        client.close()
    finally:
        sys.path.remove(str(folder))
        server.shutdown()


def test_form_body_is_url_encoded(media):
    client, models = media
    echo = client.send_form(request=models.Upload(name="a b"))
    assert echo.content_type == "application/x-www-form-urlencoded"
    assert echo.body == "name=a+b"


def test_multipart_body_sends_bytes_as_files(media):
    client, _ = media
    echo = client.send_multipart(request={"name": "report", "file": b"\x00\x01raw"})
    assert echo.content_type.startswith("multipart/form-data; boundary=")
    assert 'name="name"' in echo.body and "report" in echo.body
    assert 'name="file"' in echo.body and "\x00\x01raw" in echo.body


def test_raw_body_is_sent_as_given(media):
    client, _ = media
    echo = client.send_raw(request=b"\xffbinary")
    assert echo.content_type == "application/octet-stream"
    assert echo.body == "\xffbinary"


def test_non_json_response_is_returned_as_bytes(media):
    client, _ = media
    assert client.download() == b"a,b\r\n1,2\r\n"


def test_a_query_only_api_key_goes_in_the_query(media):
    # Gemini's specs declare the header scheme, which the client prefers; a spec whose
    # only scheme is a query parameter gets the key there.
    client, models = media
    echo = client.send_form(request=models.Upload(name="x"))
    assert echo.query == "token=secret"
