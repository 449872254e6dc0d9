"""Load test of `oncofr serve` on localhost: concurrent POST /v1/extract, latency percentiles,
throughput and server memory, then a client that disconnects mid-request.

    .venv/bin/python benchmarks/load_api.py --requests 200 --concurrency 8

Prints a Markdown section; `--write docs/performance.md` appends it (replacing an older
"API under load" section) and leaves the rest of the file as it is.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

SECTION = "## API under load"
NOTE = (
    "Patiente de 58 ans. Carcinome canalaire infiltrant du sein gauche, pT2N1M0, grade II, "
    "RE 90 %, RP 40 %, HER2 négatif, Ki67 30 %. Métastase hépatique le 12/03/2019, pas de "
    "lésion osseuse. Traitement par docétaxel 75 mg/m2 puis tamoxifène 20 mg par jour."
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_server(*args: str) -> Iterator[ServerProcess]:
    """`oncofr serve ARGS` on a free 127.0.0.1 port until the block ends, its stderr in a file."""
    port = free_port()
    with tempfile.TemporaryDirectory() as folder, (Path(folder) / "serve.log").open("w") as stderr:
        log = Path(stderr.name)
        process = subprocess.Popen(
            [sys.executable, "-m", "oncofr", "serve", "--port", str(port), *args],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
        server = ServerProcess(process, f"http://127.0.0.1:{port}", port, log)
        try:
            server.wait_healthy()
            yield server
        finally:
            process.terminate()
            process.wait(timeout=30)


@dataclass
class ServerProcess:
    process: subprocess.Popen[bytes]
    url: str
    port: int
    log: Path

    def wait_healthy(self, timeout_s: float = 120) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"oncofr serve ended: {self.log.read_text()}")
            try:
                if get(self.url + "/health") == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise TimeoutError("oncofr serve did not answer /health")

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError("no VmRSS")

    def stderr(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def get(url: str) -> int:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status


def post_extract(url: str, text: str, token: str | None = None) -> tuple[int, float]:
    """(status, seconds) of one POST /v1/extract."""
    body = json.dumps({"text": text, "note_date": "2019-06-01"}).encode()
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url + "/v1/extract", body, headers, method="POST")
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, time.perf_counter() - started


def load(url: str, requests: int, concurrency: int) -> dict[str, float]:
    """Send `requests` extractions, `concurrency` at a time; latency in ms, throughput in req/s."""
    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        outcomes = list(pool.map(lambda i: post_extract(url, f"{NOTE} Dossier {i}."),
                                 range(requests)))
    wall = time.perf_counter() - started
    latencies = sorted(seconds * 1000 for _, seconds in outcomes)
    cut = statistics.quantiles(latencies, n=100, method="inclusive")
    return {
        "requests": requests,
        "errors": sum(status != 200 for status, _ in outcomes),
        "p50_ms": cut[49],
        "p95_ms": cut[94],
        "p99_ms": cut[98],
        "max_ms": latencies[-1],
        "throughput_rps": requests / wall,
        "wall_s": wall,
    }


def disconnect_mid_request(port: int) -> None:
    """Announce a 10 000-byte JSON body, send half of it and close the connection."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as client:
        client.sendall(
            b"POST /v1/extract HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/json\r\nContent-Length: 10000\r\n\r\n"
            + b'{"text": "' + b"a" * 4990
        )


def measure(requests: int, concurrency: int) -> str:
    with running_server() as server:
        post_extract(server.url, NOTE)  # the first extraction builds the pipeline
        rss_before = server.rss_mb()
        first = load(server.url, requests, concurrency)
        second = load(server.url, requests, concurrency)
        rss_after = server.rss_mb()
        for _ in range(20):
            disconnect_mid_request(server.port)
        healthy = get(server.url + "/health") == 200 and post_extract(server.url, NOTE)[0] == 200
    rows = "\n".join(
        f"| {name} | {r['requests']} | {r['errors']} | {r['p50_ms']:.0f} | {r['p95_ms']:.0f} "
        f"| {r['p99_ms']:.0f} | {r['max_ms']:.0f} | {r['throughput_rps']:.1f} |"
        for name, r in (("round 1", first), ("round 2", second))
    )
    return f"""{SECTION}

`benchmarks/load_api.py --requests {requests} --concurrency {concurrency}`: `oncofr serve` (one
uvicorn process, extraction serialised by a lock) on 127.0.0.1, {concurrency} client threads
each sending POST /v1/extract with a {len(NOTE)}-character note, two rounds of {requests}
requests; {os.cpu_count()} cores.

| round | requests | errors | p50 ms | p95 ms | p99 ms | max ms | requests/s |
|---|---|---|---|---|---|---|---|
{rows}

Server resident memory: {rss_before:.0f} MB after warm-up, {rss_after:.0f} MB after
{2 * requests} requests. 20 clients that sent half a body and closed the connection: the server
{"still answered /health and extractions" if healthy else "FAILED to answer afterwards"}.
"""


def write_section(path: Path, section: str) -> None:
    """Append `section` to `path`, replacing an older section of the same title only."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    start = text.find(SECTION)
    if start >= 0:
        end = text.find("\n## ", start + len(SECTION))
        text = text[:start] + (text[end + 1 :] if end >= 0 else "")
    path.write_text(text.rstrip("\n") + "\n\n" + section, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--write", type=Path, help="Markdown file to append the section to")
    options = parser.parse_args()
    section = measure(options.requests, options.concurrency)
    print(section)
    if options.write:
        write_section(options.write, section)


if __name__ == "__main__":
    main()
