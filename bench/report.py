"""Turning results into the table on stdout, the JSON file, and the comparison of two runs.

Ratios rather than raw figures carry the conclusions: throughput over the
floor's in the same run (the machine's noise cancels out), and p50 on
`service` over p50 on `firm` for the same scenario and concurrency.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from bench.db import RESULTS


def floor_ratios(runs: list[dict[str, Any]]) -> None:
    """Adds `floor_ratio` to every run: its throughput over the floor's at the same
    concurrency."""
    floors = {run["concurrency"]: run["throughput"] for run in runs
              if run["scenario"] == "floor"}
    for run in runs:
        floor = floors.get(run["concurrency"])
        run["floor_ratio"] = round(run["throughput"] / floor, 3) if floor else None


def table(result: dict[str, Any]) -> str:
    header = (f"{'scenario':<13}{'conc':>5}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}"
              f"{'p99 ms':>9}{'/floor':>8}{'errors':>8}{'SQL':>6}{'certs':>7}{'KB':>7}")
    lines = [header, "-" * len(header)]
    sql = result.get("sql_per_request", {})
    for run in result["runs"]:
        ratio = f"{run['floor_ratio']:.2f}" if run.get("floor_ratio") is not None else "-"
        statements = sql.get(run["scenario"], {}).get("median", "-")
        lines.append(
            f"{run['scenario']:<13}{run['concurrency']:>5}{run['throughput']:>9.1f}"
            f"{run['p50_ms']:>9.1f}{run['p95_ms']:>9.1f}{run['p99_ms']:>9.1f}{ratio:>8}"
            f"{run['errors']:>8}{statements!s:>6}{run['certs_fetches']:>7}"
            f"{run['bytes_per_request'] / 1024:>7.1f}")
    memory = result.get("worker_memory_kb", {})
    if memory:
        peaks = ", ".join(f"{value['peak_kb'] / 1024:.0f} MB" for value in memory.values())
        lines.append(f"peak memory per gunicorn worker (VmHWM): {peaks}")
    worker = result.get("worker")
    if worker:
        for processes, figures in worker["by_processes"].items():
            lines.append(f"delivery worker x{processes}: {figures['per_second']:.1f} deliveries/s "
                         f"({figures['deliveries']} in {figures['seconds']:.1f} s)")
        lines.append(f"  scaling 4 vs 1: {worker.get('scaling', 0):.2f}x; overhead per delivery "
                     f"(median, beyond the sandbox's {worker['sandbox_ms']:.1f} ms): "
                     f"{worker['overhead_ms']:.1f} ms")
    announced = result.get("announcements")
    if announced:
        lines.append(f"a commit reaches another process's board in "
                     f"{announced['median_ms']:.2f} ms (median of {announced['rounds']}; "
                     f"p99 {announced['p99_ms']:.2f} ms)")
    digest = result.get("digest")
    if digest:
        lines.append(f"digests for {digest['people']} people: {digest['seconds']:.2f} s "
                     f"(median {digest['median_ms']:.0f} ms, max {digest['max_ms']:.0f} ms each)")
    return "\n".join(lines)


def save(result: dict[str, Any], directory: Path = RESULTS) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
    path = directory / f"{result['dataset']}-{result['database']}-{stamp}.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    latest = directory / f"{result['dataset']}-{result['database']}-latest.json"
    latest.write_text(path.read_text())
    return path


def compare(firm: dict[str, Any], service: dict[str, Any]) -> tuple[str, list[dict]]:
    """p50 on the larger dataset over p50 on the smaller, scenario by scenario.

    The floor touches no data: its own ratio is the difference in machine load
    between the two runs. `corrected` divides each ratio by it, a hint of what the
    ratio would be on an equally busy machine; the target is judged on the raw ratio.
    A scenario that got no answer, or errors, on the larger dataset does not meet it.
    """
    small = {(run["scenario"], run["concurrency"]): run for run in firm["runs"]}
    floors = {}
    for run in service["runs"]:
        base = small.get((run["scenario"], run["concurrency"]))
        if run["scenario"] == "floor" and base and base["p50_ms"]:
            floors[run["concurrency"]] = run["p50_ms"] / base["p50_ms"]
    rows = []
    for run in service["runs"]:
        base = small.get((run["scenario"], run["concurrency"]))
        if base is None or not base["p50_ms"]:
            continue
        answered = run["requests"] > 0 and run["p50_ms"] > 0
        ratio = round(run["p50_ms"] / base["p50_ms"], 2) if answered else None
        floor = floors.get(run["concurrency"])
        rows.append({"scenario": run["scenario"], "concurrency": run["concurrency"],
                     "p50_small_ms": base["p50_ms"], "p50_large_ms": run["p50_ms"],
                     "ratio": ratio, "errors": run["errors"],
                     "corrected": round(ratio / floor, 2) if ratio and floor else None,
                     "met": bool(ratio is not None and ratio <= 1.3 and not run["errors"])})
    header = f"{'scenario':<13}{'conc':>5}{firm['dataset'] + ' p50':>12}" \
             f"{service['dataset'] + ' p50':>15}{'ratio':>8}{'/floor':>8}{'errors':>8}" \
             "  target <= 1.3"
    lines = [header, "-" * len(header)]
    for row in rows:
        ratio = f"{row['ratio']:.2f}" if row["ratio"] is not None else "-"
        corrected = f"{row['corrected']:.2f}" if row["corrected"] is not None else "-"
        lines.append(f"{row['scenario']:<13}{row['concurrency']:>5}{row['p50_small_ms']:>12.1f}"
                     f"{row['p50_large_ms']:>15.1f}{ratio:>8}{corrected:>8}{row['errors']:>8}  "
                     f"{'met' if row['met'] else 'NOT met'}")
    return "\n".join(lines), rows


READ_SHARE, WRITE_SHARE = 0.50, 0.35


def targets(result: dict[str, Any], firm: dict[str, Any] | None = None,
            concurrency: int = 32) -> list[dict[str, Any]]:
    """Issue 6's targets, each with the measured figure and whether it is met.

    They are stated for `service` on PostgreSQL at concurrency 32; applied to any
    result, they say how far that run is from them. The mixed scenario holds writes,
    so it is held to the write share of the floor.
    """
    rows: list[dict[str, Any]] = []
    runs = [run for run in result["runs"] if run["concurrency"] == concurrency]

    def add(target: str, figure: str, met: bool | None) -> None:
        rows.append({"target": target, "figure": figure, "met": met})

    floor = next((run["throughput"] for run in runs if run["kind"] == "floor"), None)
    for run in runs:
        if run["kind"] == "floor" or not floor:
            continue
        share = READ_SHARE if run["kind"] == "read" else WRITE_SHARE
        add(f"1. {run['scenario']} >= {share:.0%} of the floor",
            f"{run['throughput'] / floor:.1%} ({run['throughput']:.0f} / {floor:.0f} req/s)",
            run["throughput"] / floor >= share and not run["errors"])
    for run in runs:
        if run["scenario"] in ("addon_home", "drive_file") and run["requests"]:
            add(f"2. {run['scenario']} p99 < 150 ms", f"{run['p99_ms']:.0f} ms",
                run["p99_ms"] < 150)
            add(f"2. {run['scenario']} p50 < 25 ms", f"{run['p50_ms']:.1f} ms",
                run["p50_ms"] < 25)
    if firm is not None:
        _, ratios = compare(firm, result)
        for row in ratios:  # the floor's own ratio measures the machine, not Comptoir
            if row["concurrency"] == concurrency and row["scenario"] != "floor":
                figure = f"{row['ratio']:.2f}" if row["ratio"] is not None else "no answer"
                add(f"3. {row['scenario']} scaling (p50 service / firm) <= 1.3",
                    figure + (f", {row['errors']} errors" if row["errors"] else ""),
                    row["met"])
    else:
        add("3. scaling ratio <= 1.3", "needs the firm run (--firm)", None)
    for name, counted in result.get("sql_per_request", {}).items():
        scenario = next((run for run in result["runs"] if run["scenario"] == name), None)
        if scenario and scenario["addon"] and scenario["kind"] != "mixed":
            add(f"4. {name}: <= 10 SQL statements", f"{counted['max']} (median "
                f"{counted['median']})", counted["max"] <= 10)
    fetches = sum(run["certs_fetches"] for run in result["runs"])
    add("5. zero certs fetches while measuring", str(fetches), fetches == 0)
    worker = result.get("worker")
    if worker:
        add("6. worker overhead < 5 ms per delivery (median)",
            f"{worker['overhead_ms']:.1f} ms", worker["overhead_ms"] < 5)
        add("6. 4 workers >= 3x one worker", f"{worker['scaling']:.2f}x",
            worker["scaling"] >= 3)
    return rows


def targets_table(rows: list[dict[str, Any]]) -> str:
    width = max(len(row["target"]) for row in rows) + 2
    lines = [f"{'target':<{width}}{'measured':<28}met", "-" * (width + 34)]
    for row in rows:
        met = "n/a" if row["met"] is None else ("yes" if row["met"] else "NO")
        lines.append(f"{row['target']:<{width}}{row['figure']:<28}{met}")
    return "\n".join(lines)


def markdown(result: dict[str, Any]) -> str:
    """The run's table in Markdown, for BENCHMARKS.md."""
    sql = result.get("sql_per_request", {})
    lines = ["| scenario | conc. | req/s | p50 ms | p95 ms | p99 ms | / floor | errors | "
             "SQL / req | certs fetches |",
             "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for run in result["runs"]:
        ratio = f"{run['floor_ratio']:.3f}" if run.get("floor_ratio") is not None else "-"
        counted = sql.get(run["scenario"], {})
        statements = f"{counted.get('median', '-')}" if counted else "-"
        lines.append(f"| {run['scenario']} | {run['concurrency']} | {run['throughput']:.1f} | "
                     f"{run['p50_ms']:.1f} | {run['p95_ms']:.1f} | {run['p99_ms']:.1f} | "
                     f"{ratio} | {run['errors']} | {statements} | {run['certs_fetches']} |")
    return "\n".join(lines)


def markdown_sql(result: dict[str, Any]) -> str:
    """Per scenario, one request at a time in-process: statements, time, time in SQL."""
    lines = ["| scenario | statements (median / max) | request ms | of which SQL ms | "
             "slowest statement ms |", "|---|--:|--:|--:|--:|"]
    for name, counted in result.get("sql_per_request", {}).items():
        lines.append(f"| {name} | {counted['median']} / {counted['max']} | "
                     f"{counted.get('request_ms', '-')} | {counted.get('sql_ms', '-')} | "
                     f"{counted.get('slowest_statement_ms', '-')} |")
    return "\n".join(lines)
