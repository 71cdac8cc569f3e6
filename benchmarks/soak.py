"""Soak test of ``newsbrief serve``: 50 concurrent clients for 10 minutes of mixed good and bad requests.

Each client walks the same weighted list of requests (briefs of every kind, batches, the page, health
and docs; and bad ones: malformed JSON, binary, empty and over-long text, oversize bodies, refused
URLs, wrong methods and types, unknown routes). A good request must get 200; a bad one the 4xx its
route documents. Reports per-kind counts, every unexpected status, 500s, p50/p95 latency of the good
requests, and the server's memory (all its processes) after warm-up, each minute, and at the end.
Exits 1 when a good request failed or any request got a 5xx.

    make bench-soak          # or: python benchmarks/soak.py --clients 50 --seconds 600
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import sys
import time
from dataclasses import dataclass
from typing import Any

import httpx2 as httpx
from load import articles, percentile, server_rss_mb, start_server
from results_file import replace_block

NON_ENGLISH = (
    "Le conseil municipal a voté mardi soir la reconstruction du vieux pont du port. "
    "Les travaux coûteront quarante millions d'euros et dureront trois ans, selon la mairie. "
    "Les habitants ont demandé un trottoir des deux côtés du nouveau pont."
)
HOSTILE_HTML = (
    "<html><head><title>Vote <script>alert(1)</script></title></head><body><article>"
    "<h1>Council <img src=x onerror=alert(1)> vote</h1>"
    "<p>The council voted on Tuesday to rebuild the old harbour bridge by 2027, officials said.</p>"
    "<p>The work will cost 40 million pounds and take three years to finish, the council said.</p>"
    "<p>Residents asked for a footpath on both sides of the new crossing during the meeting.</p>"
    "</article></body></html>"
)


@dataclass(frozen=True)
class Call:
    """One kind of request and the statuses it may get."""

    name: str
    method: str
    path: str
    weight: int
    expect: tuple[int, ...]
    json: Any = None
    content: bytes | None = None
    data: dict[str, str] | None = None
    headers: dict[str, str] | None = None

    @property
    def good(self) -> bool:
        return self.expect == (200,)


def calls(texts: list[str]) -> list[Call]:
    text = texts[0]
    good = [
        Call(
            "brief keypoints", "POST", "/v1/brief", 30, (200,), json={"text": text, "layers": ["keypoints"]}
        ),
        Call("brief all layers", "POST", "/v1/brief", 6, (200,), json={"text": text}),
        Call("brief html", "POST", "/v1/brief", 4, (200,), json={"html": HOSTILE_HTML}),
        Call("brief non-English", "POST", "/v1/brief", 3, (200,), json={"text": NON_ENGLISH}),
        Call(
            "batch of 5",
            "POST",
            "/v1/batch",
            3,
            (200,),
            json={"records": [{"text": t} for t in texts[:5]], "layers": ["keypoints"]},
        ),
        Call("page form", "POST", "/", 3, (200,), data={"text": text}),
        Call("page", "GET", "/", 3, (200,)),
        Call("health", "GET", "/healthz", 3, (200,)),
        Call("docs", "GET", "/openapi.json", 1, (200,)),
    ]
    bad = [
        Call("malformed JSON", "POST", "/v1/brief", 4, (400,), content=b'{"text": "unclosed', headers=_JSON),
        Call(
            "invalid UTF-8",
            "POST",
            "/v1/brief",
            2,
            (400, 422),
            content=b'{"text": "\xff\xfe\xfa"}',
            headers=_JSON,
        ),
        Call("empty text", "POST", "/v1/brief", 4, (400,), json={"text": "  \n "}),
        Call("binary text", "POST", "/v1/brief", 3, (400,), json={"text": "\x00\x01\x02binary\x00\x05" * 40}),
        Call("text over the limit", "POST", "/v1/brief", 2, (413,), json={"text": "word " * 50_000}),
        Call("body over the limit", "POST", "/v1/brief", 2, (413,), content=b" " * 3_000_000, headers=_JSON),
        Call("private URL", "POST", "/v1/brief", 3, (403,), json={"url": "http://169.254.169.254/latest/"}),
        Call("loopback URL", "POST", "/v1/brief", 2, (403,), json={"url": "http://2130706433:8000/"}),
        Call("file URL", "POST", "/v1/brief", 2, (422,), json={"url": "file:///etc/passwd"}),
        Call(
            "two sources", "POST", "/v1/brief", 2, (422,), json={"text": text, "url": "http://example.com/"}
        ),
        Call("bad points", "POST", "/v1/brief", 2, (422,), json={"text": text, "points": 0}),
        Call("batch too large", "POST", "/v1/batch", 1, (413,), json={"records": [{"text": "A."}] * 101}),
        Call("wrong method", "GET", "/v1/brief", 2, (405,)),
        Call("unknown route", "GET", "/v1/nothing-here", 2, (404,)),
        Call("wrong content type", "POST", "/v1/brief", 2, (400, 415, 422), content=b"text=x", headers=_FORM),
        Call("empty page form", "POST", "/", 2, (400,), data={"text": ""}),
        Call("path escape", "GET", "/static/../app.py", 1, (404,)),
    ]
    return good + bad


_JSON = {"Content-Type": "application/json"}
_FORM = {"Content-Type": "application/x-www-form-urlencoded"}


async def soak(base: str, plan: list[Call], clients: int, seconds: float, pid: int) -> dict[str, Any]:
    deck = [c for c in plan for _ in range(c.weight)]
    latencies: list[float] = []
    counts: dict[str, int] = {}
    unexpected: dict[str, int] = {}
    server_errors = 0
    rss: list[float] = [server_rss_mb(pid)]
    deadline = time.monotonic() + seconds

    async def client(http: httpx.AsyncClient, seed: int) -> None:
        nonlocal server_errors
        order = random.Random(seed)
        while time.monotonic() < deadline:
            call = order.choice(deck)
            started = time.perf_counter()
            try:
                response = await http.request(
                    call.method,
                    base + call.path,
                    json=call.json,
                    content=call.content,
                    data=call.data,
                    headers=call.headers,
                )
                status = str(response.status_code)
                server_errors += response.status_code >= 500
                fine = response.status_code in call.expect
            except httpx.HTTPError as exc:
                status, fine = type(exc).__name__, False
            if call.good and fine:
                latencies.append(time.perf_counter() - started)
            counts[call.name] = counts.get(call.name, 0) + 1
            if not fine:
                key = f"{call.name}: {status}"
                unexpected[key] = unexpected.get(key, 0) + 1

    async def sample_memory() -> None:
        while True:
            await asyncio.sleep(60)
            rss.append(server_rss_mb(pid))

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=120, limits=limits) as http:
        sampler = asyncio.create_task(sample_memory())
        started = time.perf_counter()
        await asyncio.gather(*(client(http, seed) for seed in range(clients)))
        wall = time.perf_counter() - started
        sampler.cancel()
    rss.append(server_rss_mb(pid))
    good_names = {c.name for c in plan if c.good}
    return {
        "seconds": wall,
        "requests": sum(counts.values()),
        "good": sum(n for k, n in counts.items() if k in good_names),
        "bad": sum(n for k, n in counts.items() if k not in good_names),
        "counts": counts,
        "unexpected": unexpected,
        "good_failed": sum(n for k, n in unexpected.items() if k.split(":")[0] in good_names),
        "server_errors": server_errors,
        "p50": percentile(latencies, 0.5),
        "p95": percentile(latencies, 0.95),
        "rss": [round(x) for x in rss],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2, help="server processes (default 2)")
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    args = parser.parse_args()
    texts = [a["text"] for a in articles(20)]
    plan = calls(texts)
    server, base = start_server(args.workers)
    try:
        # Warm-up: every kind of request a few times on each worker, before memory is first read.
        asyncio.run(soak(base, plan, args.clients, 30, server.pid))
        result = asyncio.run(soak(base, plan, args.clients, args.seconds, server.pid))
    finally:
        server.terminate()
        server.wait(10)
    print(json.dumps(result, indent=1))
    source = "a BBC dev article (../shared)" if len(texts) > 1 else "the bundled sample article"
    kinds = len(plan)
    lines = [
        "Command: `make bench-soak` (`python benchmarks/soak.py`): "
        f"`newsbrief serve --workers {args.workers}` on 127.0.0.1, {args.clients} concurrent clients "
        f"(httpx2) for {args.seconds:g} s after a 30 s "
        f"warm-up, each drawing from {kinds} kinds of request ({sum(c.good for c in plan)} good, "
        f"{sum(not c.good for c in plan)} bad: malformed JSON, invalid UTF-8, binary, empty and "
        "over-long text, an oversize body, private/loopback/file URLs, wrong methods and types, unknown "
        f"routes, a path escape), weighted, with {source} as the text; machine: {os.cpu_count()} cores, "
        f"Python {platform.python_version()}.",
        "",
        "| requests | good / bad | good requests failed | 5xx answers | other unexpected "
        "| good p50 | good p95 | server RSS, MB: after warm-up, each minute, end |",
        "|---|---|---|---|---|---|---|---|",
        f"| {result['requests']:,} | {result['good']:,} / {result['bad']:,} | {result['good_failed']} "
        f"| {result['server_errors']} | {sum(result['unexpected'].values()) - result['good_failed']} "
        f"| {result['p50'] * 1000:.0f} ms | {result['p95'] * 1000:.0f} ms "
        f"| {' → '.join(map(str, result['rss']))} |",
    ]
    if result["unexpected"]:
        lines += [
            "",
            "Unexpected: " + ", ".join(f"{k} ×{n}" for k, n in sorted(result["unexpected"].items())),
        ]
    block = "\n".join(lines)
    print(block)
    if not args.no_write:
        replace_block("soak", block)
    return 1 if result["good_failed"] or result["server_errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
