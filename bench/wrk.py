"""The load generator: Debian's wrk, closed loop, keep-alive, driven by a generated Lua script.

wrk is C and event-driven: one thread on a core drives tens of thousands of
requests a second on loopback, far above what the app under test answers here,
so it measures the server and not itself (its own CPU time is reported beside
each result). The Lua script cycles through the scenario's prepared requests,
each thread from its own offset, counts any status other than the expected one
as an error (wrk alone would count a redirect to the sign-in page as a success),
and prints the figures as one JSON line.
"""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from bench.events import Request

INSTALL_HINT = ("wrk is not installed: `scripts/install-wrk` (Debian: apt-get install wrk), "
                "or `make bench-deps`")
MARK = "BENCH_JSON "


class WrkMissing(RuntimeError):
    pass


def wrk_path() -> str:
    path = shutil.which("wrk")
    if path is None:
        raise WrkMissing(INSTALL_HINT)
    return path


def _long_string(text: str) -> str:
    """A Lua long string that no closing bracket inside `text` can end early."""
    level = 1
    while f"]{'=' * level}]" in text:
        level += 1
    return f"[{'=' * level}[{text}]{'=' * level}]"


def lua_script(requests: list[Request]) -> str:
    entries = []
    for request in requests:
        headers = ", ".join(f"[ {_long_string(name)} ] = {_long_string(value)}"
                            for name, value in request.headers.items())
        body = _long_string(request.body) if request.body else "nil"
        entries.append(f"  {{method = {_long_string(request.method)}, "
                       f"path = {_long_string(request.path)}, headers = {{{headers}}}, "
                       f"body = {body}, expect = {request.expect}}}")
    return LUA_TEMPLATE.replace("--REQUESTS--", ",\n".join(entries))


LUA_TEMPLATE = r"""
local raw = {
--REQUESTS--
}
local prepared, expected = {}, {}
local threads = {}
counter, bad, first_bad = 0, 0, 0
local current = 1

function setup(thread)
  thread:set("offset", #threads * 7)
  table.insert(threads, thread)
end

function init(args)
  for i, r in ipairs(raw) do
    prepared[i] = wrk.format(r.method, r.path, r.headers, r.body)
    expected[i] = r.expect
  end
  counter = offset or 0
end

-- wrk calls response() in the order requests were sent on each connection, but
-- a thread's connections interleave: the expected status is the same for every
-- request of a scenario, so checking against the last one sent is exact enough.
function request()
  counter = counter + 1
  current = (counter % #prepared) + 1
  return prepared[current]
end

function response(status, headers, body)
  if status ~= expected[current] then
    bad = bad + 1
    if first_bad == 0 then first_bad = status end
  end
end

function done(summary, latency, requests)
  local unexpected, sample = 0, 0
  for _, t in ipairs(threads) do
    unexpected = unexpected + (t:get("bad") or 0)
    local s = t:get("first_bad") or 0
    if s ~= 0 then sample = s end
  end
  local e = summary.errors
  io.write(string.format(
    '%s{"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"unexpected_status": %d, "unexpected_sample": %d, ' ..
    '"latency_us": {"mean": %.1f, "max": %d, "p50": %d, "p90": %d, "p95": %d, "p99": %d}}\n',
    "BENCH_JSON ", summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout, unexpected, sample,
    latency.mean, latency.max, latency:percentile(50), latency:percentile(90),
    latency:percentile(95), latency:percentile(99)))
end
"""


@dataclass(frozen=True)
class LoadResult:
    requests: int
    seconds: float
    throughput: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    mean_ms: float
    max_ms: float
    errors: int            # socket errors, timeouts and unexpected statuses
    error_detail: dict
    bytes_per_request: float
    generator_cpu_us_per_request: float

    def as_dict(self) -> dict:
        return dict(vars(self))


def run(url: str, requests: list[Request], *, concurrency: int, seconds: float,
        script_path: Path, timeout: float = 10.0) -> LoadResult:
    """One closed-loop run of `seconds` with `concurrency` connections kept alive."""
    script_path.parent.mkdir(parents=True, exist_ok=True)
    script_path.write_text(lua_script(requests))
    threads = max(1, min(2, concurrency))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    completed = subprocess.run(
        [wrk_path(), "-t", str(threads), "-c", str(concurrency), "-d", f"{seconds:g}s",
         "--timeout", f"{timeout:g}s", "-s", str(script_path), url],
        capture_output=True, text=True, timeout=seconds + 60)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    line = next((line for line in completed.stdout.splitlines() if line.startswith(MARK)),
                None)
    if completed.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({completed.returncode}): "
                           f"{completed.stderr[-2000:] or completed.stdout[-2000:]}")
    figures = json.loads(line[len(MARK):])
    count = max(figures["requests"], 1)
    duration = figures["duration_us"] / 1e6
    latency = figures["latency_us"]
    socket_errors = {k: v for k, v in figures["errors"].items() if k != "status"}
    errors = sum(socket_errors.values()) + figures["unexpected_status"]
    if figures["requests"] == 0:
        errors += 1  # nothing answered at all: a failure, whatever wrk counted
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return LoadResult(
        requests=figures["requests"], seconds=round(duration, 2),
        throughput=round(figures["requests"] / duration, 1),
        p50_ms=latency["p50"] / 1000, p95_ms=latency["p95"] / 1000,
        p99_ms=latency["p99"] / 1000, mean_ms=round(latency["mean"] / 1000, 2),
        max_ms=latency["max"] / 1000, errors=errors,
        error_detail={**socket_errors, "unexpected_status": figures["unexpected_status"],
                      "sample_status": figures["unexpected_sample"]},
        bytes_per_request=round(figures["bytes"] / count, 0),
        generator_cpu_us_per_request=round(cpu * 1e6 / count, 1))
