"""Fault injection and latency: what the next requests to a network will suffer.

A fault is queued per network and applies to the next `times` requests of one
operation (publish by default). Kinds:
- status: answer this HTTP status with the network's error body (429 may carry
  x-rate-limit-reset on X with `reset`, epoch seconds; LinkedIn sends no header);
- duplicate: X's 403 duplicate-content answer, or LinkedIn's 422 DUPLICATE_POST;
- timeout: hold the request `seconds` (longer than the client's timeout), then
  answer 504 without doing anything;
- drop: do the operation (a publish lands in the ledger), then close the
  connection without answering: the client cannot know it worked;
- stall: do the operation, then hold the answer `seconds`: a client that times
  out, or a worker killed meanwhile, leaves a post it never heard about.
Sleeps wait on an event that `release()` sets, so stopping a server never waits
for a sleeping request.
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass
from typing import Any, Mapping

KINDS = ("status", "duplicate", "timeout", "drop", "stall")
AFTER_KINDS = ("drop", "stall")  # they act once the operation is done
OPERATIONS = ("publish", "delete", "token", "revoke", "identity", "any")


class FaultSpecError(ValueError):
    pass


@dataclass
class Fault:
    kind: str
    operation: str = "publish"
    status: int | None = None
    reset: int | None = None
    seconds: float = 0.0
    times: int = 1

    @classmethod
    def parse(cls, spec: Mapping[str, Any]) -> "Fault":
        if not isinstance(spec, Mapping):
            raise FaultSpecError("a fault is a JSON object")
        unknown = set(spec) - {"kind", "operation", "status", "reset", "seconds", "times"}
        if unknown:
            raise FaultSpecError(f"unknown fields: {', '.join(sorted(unknown))}")
        fault = cls(kind=spec.get("kind", ""), operation=spec.get("operation", "publish"),
                    status=spec.get("status"), reset=spec.get("reset"),
                    seconds=spec.get("seconds", 0.0), times=spec.get("times", 1))
        if fault.kind not in KINDS:
            raise FaultSpecError(f"kind must be one of {', '.join(KINDS)}")
        if fault.operation not in OPERATIONS:
            raise FaultSpecError(f"operation must be one of {', '.join(OPERATIONS)}")
        if fault.kind == "status" and not (isinstance(fault.status, int)
                                           and 400 <= fault.status <= 599):
            raise FaultSpecError("a status fault needs a status between 400 and 599")
        if fault.reset is not None and not isinstance(fault.reset, int):
            raise FaultSpecError("reset is an epoch time in seconds")
        if not isinstance(fault.seconds, (int, float)) or not 0 <= fault.seconds <= 120:
            raise FaultSpecError("seconds must be between 0 and 120")
        if not isinstance(fault.times, int) or fault.times < 1:
            raise FaultSpecError("times must be a positive integer")
        return fault

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class Faults:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queued: dict[str, list[Fault]] = {}
        self._latency: dict[str, float] = {}
        self._released = threading.Event()

    def add(self, network: str, fault: Fault) -> None:
        with self._lock:
            self._queued.setdefault(network, []).append(fault)

    def clear(self, network: str | None = None) -> None:
        with self._lock:
            if network is None:
                self._queued.clear()
                self._latency.clear()
            else:
                self._queued.pop(network, None)

    def pending(self, network: str) -> list[Fault]:
        with self._lock:
            return [Fault(**fault.to_json()) for fault in self._queued.get(network, [])]

    def take(self, network: str, operation: str) -> Fault | None:
        """The first queued fault for this operation, counted as used once."""
        with self._lock:
            queue = self._queued.get(network, [])
            for index, fault in enumerate(queue):
                if fault.operation in (operation, "any"):
                    fault.times -= 1
                    if fault.times == 0:
                        del queue[index]
                    return Fault(**{**fault.to_json(), "times": 1})
        return None

    def set_latency(self, network: str, seconds: float) -> None:
        with self._lock:
            self._latency[network] = seconds

    def latency(self, network: str) -> float:
        with self._lock:
            return self._latency.get(network, 0.0)

    def pause(self, seconds: float) -> None:
        if seconds > 0:
            self._released.wait(seconds)

    def release(self) -> None:
        """Wakes every sleeping request (the server is stopping)."""
        self._released.set()
