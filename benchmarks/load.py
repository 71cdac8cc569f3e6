"""Load test of ``newsbrief serve``: 50 concurrent clients posting articles to ``/v1/brief``.

Starts the server on 127.0.0.1 (never another address) on a free port, warms it up, then runs
each scenario bounded by a request count and a time limit. Reports throughput, p50/p99 latency,
errors, and the server's memory (all its processes) after warm-up and at the end, and writes the
table into benchmarks/RESULTS.md.

    make bench-load          # or: python benchmarks/load.py --clients 50 --workers 2
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import socket
import subprocess
import sys
import time
from pathlib import Path
from statistics import median
from typing import Any

import httpx2 as httpx
from results_file import replace_block

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "src" / "newsbrief" / "samples" / "harbour-bridge.txt"
SHARED_BBC = ROOT.parent / "shared" / "data" / "bbc-news-summary" / "dev.jsonl"
HOST = "127.0.0.1"


def articles(limit: int = 200) -> list[dict[str, Any]]:
    """Request bodies: BBC dev articles when ../shared is there, else our own sample."""
    if SHARED_BBC.exists():
        with SHARED_BBC.open(encoding="utf-8") as stream:
            return [{"text": json.loads(line)["text"]} for line, _ in zip(stream, range(limit), strict=False)]
    return [{"text": SAMPLE.read_text(encoding="utf-8")}]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def server_rss_mb(pid: int) -> float:
    """Resident memory of the server and all its child processes, in MB (Linux /proc)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS")))
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration):
            continue
    return total / 1024


def start_server(workers: int, *flags: str) -> tuple[subprocess.Popen[bytes], str]:
    """``newsbrief serve`` on 127.0.0.1 and a free port, once it answers /healthz; and its address."""
    port = free_port()
    command = [sys.executable, "-m", "newsbrief", "serve", "--host", HOST, "--port", str(port)]
    command += ["--workers", str(workers), *flags]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://{HOST}:{port}"
    for _ in range(600):
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                return server, base
        except httpx.HTTPError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("the server did not start within 60 s")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def scenario(
    url: str, bodies: list[dict[str, Any]], clients: int, requests: int, seconds: float, pid: int
) -> dict[str, Any]:
    latencies: list[float] = []
    errors: dict[str, int] = {}
    issued = 0
    deadline = time.monotonic() + seconds
    rss: list[float] = []

    async def client(http: httpx.AsyncClient) -> None:
        nonlocal issued
        while issued < requests and time.monotonic() < deadline:
            body = bodies[issued % len(bodies)]
            issued += 1
            started = time.perf_counter()
            try:
                response = await http.post(url, json=body)
                ok = response.status_code == 200
                key = "" if ok else f"HTTP {response.status_code}"
            except httpx.HTTPError as exc:
                ok, key = False, type(exc).__name__
            latencies.append(time.perf_counter() - started)
            if not ok:
                errors[key] = errors.get(key, 0) + 1

    async def sample_memory() -> None:
        while True:
            rss.append(server_rss_mb(pid))
            await asyncio.sleep(0.5)

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=120, limits=limits) as http:
        sampler = asyncio.create_task(sample_memory())
        started = time.perf_counter()
        await asyncio.gather(*(client(http) for _ in range(clients)))
        wall = time.perf_counter() - started
        sampler.cancel()
    rss.append(server_rss_mb(pid))
    return {
        "requests": len(latencies),
        "errors": errors,
        "throughput": len(latencies) / wall,
        "p50": median(latencies),
        "p99": percentile(latencies, 0.99),
        "rss_max": max(rss),
        "rss_quartiles": [round(rss[i * (len(rss) - 1) // 4]) for i in range(5)],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2, help="server processes (default 2)")
    parser.add_argument("--seconds", type=float, default=240, help="time limit per scenario")
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    args = parser.parse_args()
    server, base = start_server(args.workers)
    try:
        layers_on = httpx.get(base + "/healthz").json()["layers"]
        bodies = articles()
        rows = []
        plans = [("keypoints", ["keypoints"], 3000), ("all layers", None, 4000)]
        for name, layers, requests in plans:
            if layers is None and "entities" not in layers_on:
                continue
            posted = [dict(b, layers=layers) if layers else b for b in bodies]
            # Warm-up: each worker has seen every article before memory is first sampled.
            warm = 2 * len(posted) * args.workers
            asyncio.run(scenario(base + "/v1/brief", posted, args.clients, warm, args.seconds, server.pid))
            result = asyncio.run(
                scenario(base + "/v1/brief", posted, args.clients, requests, args.seconds, server.pid)
            )
            rows.append((name, result))
            print(name, json.dumps(result), flush=True)
    finally:
        server.terminate()
        server.wait(10)

    source = "BBC dev articles (../shared)" if SHARED_BBC.exists() else "the bundled sample article"
    lines = [
        "Command: `make bench-load` (`python benchmarks/load.py`): `newsbrief serve --workers "
        f"{args.workers}` on 127.0.0.1, {args.clients} concurrent clients (httpx2), each POSTing "
        f"{source} to `/v1/brief`, after a warm-up in which each worker sees every article; "
        f"machine: {os.cpu_count()} cores, "
        f"Python {platform.python_version()}.",
        "",
        "| layers | requests | errors | requests/s | p50 latency | p99 latency "
        "| server RSS, MB: after warm-up, at each quarter of the run, end (max) |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, r in rows:
        errors = sum(r["errors"].values())
        lines.append(
            f"| {name} | {r['requests']} | {errors} | {r['throughput']:.0f} | {r['p50'] * 1000:.0f} ms "
            f"| {r['p99'] * 1000:.0f} ms | {' → '.join(map(str, r['rss_quartiles']))} ({r['rss_max']:.0f}) |"
        )
    block = "\n".join(lines)
    print(block)
    if not args.no_write:
        replace_block("load", block)


if __name__ == "__main__":
    main()
