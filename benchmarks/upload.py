"""Upload memory and throughput: `v1beta.Client.upload_file(path)` of a large file, the client
measured alone.

Three processes. This one writes the file (a cheap repeating pattern, each MiB
numbered so that a misplaced chunk changes the hash) and starts the other two:
`upload.py serve`, a minimal Files API on 127.0.0.1 that implements Google's
resumable protocol just enough (start, chunks at explicit offsets, finalize,
query) and keeps nothing but a hash and a count; and `upload.py client URL FILE
[--traced]`, a fresh interpreter that imports the client, uploads the file and
prints JSON. The client runs twice per size: once plain, for the time, the
throughput and the growth of peak RSS (VmHWM reset through /proc/self/clear_refs
just before the upload), and once under tracemalloc, for the peak of Python
allocations during the upload; tracemalloc slows allocation, and its own
bookkeeping would inflate RSS. `upload.py raw URL FILE`, run between the plain
runs, PUTs the same file in one streamed httpx request: the throughput floor. The server's answer carries the SHA-256 of what
it received, which must equal the file's.
"""

from __future__ import annotations

import base64
import hashlib
import importlib
import json
import subprocess
import sys
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from timing import median

__all__ = ["measure"]

HERE = Path(__file__).resolve().parent
GENERATED = HERE.parent / "generated"
MIB = 1024 * 1024
_READ = MIB  # the server reads request bodies this much at a time


class _Session:
    def __init__(self) -> None:
        self.hash = hashlib.sha256()
        self.received = 0


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.sessions: dict[str, _Session] = {}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: one connection for the whole upload
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _reply(self, status: int, headers: dict[str, str], body: Any = None) -> None:
        data = json.dumps(body).encode() if body is not None else b""
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _consume(self, session: _Session | None) -> None:
        """Read the body a MiB at a time into one buffer, hashing it when it is a chunk."""
        left = int(self.headers.get("content-length", "0"))
        buffer = memoryview(bytearray(min(left, _READ) or 1))
        while left:
            count = self.rfile.readinto(buffer[: min(left, len(buffer))])
            if not count:
                raise ConnectionError("the body ended early")
            if session is not None:
                session.hash.update(buffer[:count])
                session.received += count
            left -= count

    def do_PUT(self) -> None:
        """The throughput floor: one plain PUT of the whole file, hashed like a chunk."""
        session = _Session()
        self._consume(session)
        self._reply(200, {}, {"sha256": session.hash.hexdigest(), "size": session.received})

    def do_POST(self) -> None:
        commands = {c.strip() for c in self.headers.get("x-goog-upload-command", "").split(",")}
        if not self.headers.get("x-goog-api-key"):
            self._consume(None)
            self._reply(401, {}, {"error": {"code": 401, "message": "no x-goog-api-key"}})
        elif self.path.startswith("/upload/v1beta/files") and commands == {"start"}:
            self._consume(None)
            name = str(len(self.server.sessions) + 1)
            self.server.sessions[name] = _Session()
            port = self.server.server_address[1]
            url = f"http://127.0.0.1:{port}/upload/session/{name}"
            self._reply(200, {"x-goog-upload-url": url, "x-goog-upload-status": "active"})
        elif (session := self.server.sessions.get(self.path.rpartition("/")[2])) is None:
            self._consume(None)
            self._reply(404, {}, {"error": {"code": 404, "message": "no such session"}})
        elif "query" in commands or "upload" in commands:
            self._chunk(session, commands)
        else:
            self._consume(None)
            self._reply(400, {}, {"error": {"code": 400, "message": "unknown command"}})

    def _chunk(self, session: _Session, commands: set[str]) -> None:
        offset = self.headers.get("x-goog-upload-offset")
        if "upload" in commands and offset != str(session.received):
            self._consume(None)
            message = f"offset {offset}, but {session.received} bytes received"
            self._reply(400, {}, {"error": {"code": 400, "message": message}})
            return
        self._consume(session if "upload" in commands else None)
        headers = {"x-goog-upload-size-received": str(session.received)}
        if "finalize" not in commands:
            self._reply(200, {**headers, "x-goog-upload-status": "active"})
            return
        # `sha256Hash` is `format: byte`: base64 of the hex digest, as the real API sends it.
        digest = base64.b64encode(session.hash.hexdigest().encode()).decode()
        file = {"name": "files/x", "sizeBytes": str(session.received), "sha256Hash": digest}
        self._reply(200, {**headers, "x-goog-upload-status": "final"}, {"file": file})


def _serve() -> None:
    with _Server() as server:
        print(server.server_address[1], flush=True)
        server.serve_forever()


def _status_kb(field: str) -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def _client(url: str, path: str, traced: bool) -> None:
    import gc
    import time
    import tracemalloc

    sys.path.insert(0, str(GENERATED))
    v1beta = importlib.import_module("gemini_api.v1beta")  # not importable at type-check time
    client = v1beta.Client(api_key="bench-key", base_url=url + "/v1beta")
    gc.collect()
    try:  # "5" resets the peak (VmHWM) to the current resident set
        Path("/proc/self/clear_refs").write_text("5")
        reset = True
    except OSError:
        reset = False
    rss_before = _status_kb("VmRSS" if reset else "VmHWM")
    if traced:
        tracemalloc.start()
    start = time.perf_counter()
    file = client.upload_file(path)
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] if traced else None
    tracemalloc.stop()
    client.close()
    result = {
        "seconds": seconds,
        "traced_peak": peak,
        "rss_growth": (_status_kb("VmHWM") - rss_before) * 1024,
        "rss_peak_reset": reset,
        "chunk": client._upload_chunk_size,
        "name": file.name,
        "size": file.size_bytes,
        "sha256": (file.sha256_hash or b"").decode("ascii", "replace"),
    }
    print(json.dumps(result))


def _raw_put(url: str, path: str) -> None:
    """The same bytes in one streamed httpx PUT (no protocol, no chunks): the floor."""
    import time

    import httpx

    with httpx.Client(timeout=600) as http, open(path, "rb") as body:
        start = time.perf_counter()
        reply = http.put(url + "/raw", content=body).json()
        seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "sha256": reply["sha256"], "size": reply["size"]}))


def _make_file(path: Path, size: int) -> str:
    """`size` bytes of a repeating pattern, each MiB numbered; its SHA-256, in hex."""
    block = bytes(range(256)) * (MIB // 256)
    digest = hashlib.sha256()
    with path.open("wb") as out:
        for index in range(0, size, MIB):
            piece = (index // MIB).to_bytes(8, "big") + block[8 : min(MIB, size - index)]
            out.write(piece)
            digest.update(piece)
    return digest.hexdigest()


def _run_client(url: str, path: Path, traced: bool, mode: str = "client") -> dict[str, Any]:
    argv = [sys.executable, str(Path(__file__).resolve()), mode, url, str(path)]
    done = subprocess.run(
        [*argv, *(["--traced"] if traced else [])],
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    if done.returncode:
        tail = done.stderr.strip().splitlines()[-1:] or ["(no output)"]
        return {"error": f"client exit {done.returncode}: {tail[0]}"}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def measure(
    work: Path, sizes_mib: tuple[int, ...], plain_runs: int, log: Callable[[str], None]
) -> dict[str, Any]:
    """Per size, `plain_runs` plain uploads (medians) and one traced, each a fresh client."""
    work.mkdir(parents=True, exist_ok=True)
    server = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "serve"],
        stdout=subprocess.PIPE,
        text=True,
    )
    rows = []
    try:
        assert server.stdout is not None
        url = f"http://127.0.0.1:{int(server.stdout.readline())}"
        for mib in sizes_mib:
            path = work / f"upload-{mib}MiB.bin"
            digest = _make_file(path, mib * MIB)
            log(f"upload: {mib} MiB to a local resumable-upload server")
            runs, raws = [], []
            for _ in range(plain_runs):  # interleaved, so drift hits both alike
                runs.append(_run_client(url, path, traced=False))
                raws.append(_run_client(url, path, traced=False, mode="raw"))
            traced = _run_client(url, path, traced=True)
            path.unlink()
            every = (*runs, *raws, traced)
            error = next((r["error"] for r in every if "error" in r), None)
            if error:
                rows.append({"size": mib * MIB, "error": error})
                continue
            plain = {key: median([r[key] for r in runs]) for key in ("seconds", "rss_growth")}
            ok = all(r["sha256"] == digest and r["size"] == mib * MIB for r in every)
            raw_seconds = median([r["seconds"] for r in raws])
            rows.append(
                {
                    "size": mib * MIB,
                    "seconds": plain["seconds"],
                    "mib_per_s": mib / plain["seconds"],
                    "raw_mib_per_s": mib / raw_seconds,
                    "traced_seconds": traced["seconds"],
                    "traced_peak": traced["traced_peak"],
                    "rss_growth": plain["rss_growth"],
                    "rss_peak_reset": traced["rss_peak_reset"],
                    "chunk": traced["chunk"],
                    "sha256_ok": ok,
                    "runs": plain_runs,
                }
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {"rows": rows}


def main(argv: list[str]) -> None:
    if argv[:1] == ["serve"]:
        _serve()
    elif argv[:1] == ["raw"] and len(argv) == 3:
        _raw_put(argv[1], argv[2])
    elif argv[:1] == ["client"] and len(argv) in (3, 4):
        _client(argv[1], argv[2], traced=argv[3:] == ["--traced"])
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
