"""A small closed-loop HTTP load generator: N client threads, keep-alive connections, 127.0.0.1.

Each client sends its next request as soon as the previous answer is read. Every run is bounded
by a duration and a request count, whichever comes first.
"""

from __future__ import annotations

import http.client
import itertools
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

HOST = "127.0.0.1"  # the load goes nowhere else


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None


RequestMaker = Callable[[int], Request]


@dataclass
class Result:
    name: str
    elapsed: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    failures: int = 0

    @property
    def ok(self) -> int:
        return sum(n for status, n in self.statuses.items() if 200 <= status < 400)

    @property
    def errors(self) -> int:
        return self.failures + sum(n for status, n in self.statuses.items() if status >= 400)

    @property
    def rate(self) -> float:
        return self.ok / self.elapsed if self.elapsed else 0.0

    def percentile(self, fraction: float) -> float:
        """Latency in milliseconds at `fraction` (nearest rank)."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        index = min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))
        return ordered[index] * 1000


def send(connection: http.client.HTTPConnection, request: Request) -> tuple[int, bytes]:
    connection.request(request.method, request.path, body=request.body, headers=request.headers)
    response = connection.getresponse()
    body = response.read()
    if response.getheader("connection", "").lower() == "close":
        connection.close()  # http.client reconnects on the next request
    return response.status, body


def probe(port: int, request: Request) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        return send(connection, request)
    except OSError:
        return 0, b""
    finally:
        connection.close()


def run(
    name: str,
    port: int,
    make: RequestMaker,
    *,
    clients: int,
    duration: float,
    max_requests: int,
    warmup: float = 2.0,
) -> Result:
    """Send requests from `clients` threads for `duration` seconds (after an unmeasured warm-up)
    or until `max_requests` were sent."""
    if warmup > 0:
        _run(name, port, make, clients, warmup, max_requests, itertools.count(10**9))
    return _run(name, port, make, clients, duration, max_requests, itertools.count())


def _run(
    name: str,
    port: int,
    make: RequestMaker,
    clients: int,
    duration: float,
    max_requests: int,
    counter: itertools.count[int],
) -> Result:
    result = Result(name=name)
    lock = threading.Lock()
    started = time.perf_counter()
    deadline = started + duration
    limit = next(counter) + max_requests

    def client() -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        latencies: list[float] = []
        statuses: Counter[int] = Counter()
        failures = 0
        while time.perf_counter() < deadline:
            number = next(counter)
            if number >= limit:
                break
            request = make(number)
            begin = time.perf_counter()
            try:
                status, _body = send(connection, request)
            except (OSError, http.client.HTTPException):
                failures += 1
                connection.close()
                continue
            latencies.append(time.perf_counter() - begin)
            statuses[status] += 1
        connection.close()
        with lock:
            result.latencies.extend(latencies)
            result.statuses.update(statuses)
            result.failures += failures

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=duration + 60)
    result.elapsed = time.perf_counter() - started
    return result
