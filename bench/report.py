"""Medians, ratios, the targets of issue 19, the table and the closing note."""

import os
import statistics
from dataclasses import dataclass
from typing import Any

from bench.endpoints import BARE, REFERENCE, Endpoint

PRIMARY = "c-service-x1-w1"
LARGE = "c-service-x10-w1"
TWO_WORKERS = "c-service-x1-w2"
P99_LIMIT_MS = 50.0


@dataclass
class Target:
    name: str
    value: float | None
    threshold: str
    met: bool | None
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": self.value,
            "threshold": self.threshold,
            "met": self.met,
            "detail": self.detail,
        }


def medians(runs: list[dict[str, Any]]) -> dict[str, dict[str, dict[str, Any]]]:
    """server -> endpoint -> the median of each figure over the runs (errors summed)."""
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for run in runs:
        grouped.setdefault((run["server"], run["endpoint"]), []).append(run)
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for (server, endpoint), group in grouped.items():
        figures = {
            k: statistics.median(r[k] for r in group)
            for k in ("rps", "p50_ms", "p90_ms", "p99_ms", "server_cpu", "pg_cpu")
        }
        figures.update(
            runs=len(group),
            errors=sum(r["errors"] for r in group),
            non_2xx=sum(r["non_2xx"] for r in group),
            requests=sum(r["requests"] for r in group),
        )
        out.setdefault(server, {})[endpoint] = figures
    return out


def _fig(results: dict[str, dict[str, dict[str, Any]]], server: str, endpoint: str) -> dict[str, Any] | None:
    return results.get(server, {}).get(endpoint)


def ratios(results: dict[str, dict[str, dict[str, Any]]], endpoints: list[Endpoint]) -> list[dict[str, Any]]:
    bare = _fig(results, "a-bare", BARE.key)
    out = []
    for server in (PRIMARY, LARGE, TWO_WORKERS):
        for endpoint in endpoints:
            figure = _fig(results, server, endpoint.key)
            if figure is None:
                continue
            reference_key = REFERENCE[endpoint.reference].key if endpoint.reference else None
            reference = _fig(results, "b-reference", reference_key) if reference_key else None
            out.append(
                {
                    "server": server,
                    "endpoint": endpoint.key,
                    "vs_bare": figure["rps"] / bare["rps"] if bare else None,
                    "vs_reference": figure["rps"] / reference["rps"] if reference else None,
                    "reference": reference_key,
                }
            )
    return out


def _cost(figure: dict[str, Any]) -> str:
    """CPU milliseconds per request of the app and of PostgreSQL."""
    return f"{1000 * figure['server_cpu'] / figure['rps']:.2f} ms app + {1000 * figure['pg_cpu'] / figure['rps']:.2f} ms db"


def _bound(figure: dict[str, Any], reference: dict[str, Any] | None, workers: int) -> str:
    cores = os.cpu_count() or 1
    if figure["server_cpu"] >= 0.85 * workers:
        what = f"the service's {workers} worker process(es) at {figure['server_cpu']:.2f} cores (Python work)"
    elif figure["pg_cpu"] >= 0.85 and figure["pg_cpu"] > figure["server_cpu"]:
        what = f"PostgreSQL at {figure['pg_cpu']:.2f} cores"
    else:
        what = f"the {cores}-core machine shared by wrk, the service and PostgreSQL"
    detail = f"bound by {what}; CPU per request {_cost(figure)}"
    if reference is not None:
        detail += f" (reference: {_cost(reference)})"
    return detail


def _latency_bound(figure: dict[str, Any], connections: int) -> str:
    """Why p99 is over: with every connection busy, a request waits its turn behind the others."""
    queue_ms = 1000 * connections / figure["rps"]
    needed = connections / (P99_LIMIT_MS / 1000)
    return (
        f", over by {figure['p99_ms'] - P99_LIMIT_MS:.1f} ms; bound by throughput: {connections} connections at "
        f"{figure['rps']:.0f} req/s wait {queue_ms:.0f} ms on average (Little's law), p99 under "
        f"{P99_LIMIT_MS:.0f} ms needs about {needed:.0f} req/s or more"
    )


# Issue 19's targets. Single-resource reads that are "hot": the same resource read again and again.
HOT_READS = ("authority",)
HOT_RATIO = 1.5
SCALING_READS = 1.6  # two workers against one, on reads


def targets(results: dict[str, dict[str, dict[str, Any]]], endpoints: list[Endpoint], connections: int) -> list[Target]:
    out: list[Target] = []
    ref_single = _fig(results, "b-reference", REFERENCE["single"].key)
    for endpoint in endpoints:
        figure = _fig(results, PRIMARY, endpoint.key)
        if figure is None:
            continue
        if endpoint.write:
            if ref_single is not None:
                ratio = figure["rps"] / ref_single["rps"]
                name = f"{endpoint.label}: req/s vs reference single-row read"
                out.append(_ratio_target(name, ratio, 0.5, figure, ref_single))
            continue
        reference = _fig(results, "b-reference", REFERENCE[endpoint.reference].key) if endpoint.reference else None
        if reference is not None:
            needed = HOT_RATIO if endpoint.key in HOT_READS else 1.0
            ratio = figure["rps"] / reference["rps"]
            name = f"{endpoint.label}: req/s vs reference {endpoint.reference}"
            out.append(_ratio_target(name, ratio, needed, figure, reference))
        two = _fig(results, TWO_WORKERS, endpoint.key)
        if endpoint.reference == "single" and not endpoint.scales and two is not None:
            out.append(
                Target(
                    f"{endpoint.label} on 2 workers: p99 under {P99_LIMIT_MS:.0f} ms at {connections} connections",
                    two["p99_ms"],
                    f"< {P99_LIMIT_MS:.0f} ms",
                    two["p99_ms"] < P99_LIMIT_MS,
                    f"p99 {two['p99_ms']:.1f} ms"
                    + ("" if two["p99_ms"] < P99_LIMIT_MS else _latency_bound(two, connections)),
                )
            )
        if two is not None and endpoint.reference is not None and endpoint.method == "GET":
            gain = two["rps"] / figure["rps"]
            out.append(
                Target(
                    f"{endpoint.label}: 2 workers at least {SCALING_READS}x 1 worker",
                    gain,
                    f">= {SCALING_READS}x",
                    gain >= SCALING_READS,
                    f"{figure['rps']:.0f} -> {two['rps']:.0f} req/s = {gain:.2f}x; 2 workers: {_bound(two, None, 2)}",
                )
            )
        large = _fig(results, LARGE, endpoint.key)
        if endpoint.scales and large is not None:
            slowdown = figure["rps"] / large["rps"]
            out.append(
                Target(
                    f"{endpoint.label}: 10x scale within 1.5x of 1x (req/s slowdown)",
                    slowdown,
                    "<= 1.5",
                    slowdown <= 1.5,
                    f"{figure['rps']:.0f} -> {large['rps']:.0f} req/s, p50 {figure['p50_ms']:.1f} -> "
                    f"{large['p50_ms']:.1f} ms; CPU per request {_cost(figure)} -> {_cost(large)}",
                )
            )
    first, last = _fig(results, PRIMARY, "long_list_first"), _fig(results, PRIMARY, "long_list_last")
    if first is not None and last is not None:
        slowdown = first["rps"] / last["rps"]
        out.append(
            Target(
                "100,000-item list: last page within 1.2x of first page (req/s slowdown)",
                slowdown,
                "<= 1.2",
                slowdown <= 1.2,
                f"first {first['rps']:.0f} req/s p50 {first['p50_ms']:.1f} ms ({_cost(first)}), last "
                f"{last['rps']:.0f} req/s p50 {last['p50_ms']:.1f} ms ({_cost(last)})",
            )
        )
    return out


def _ratio_target(name: str, ratio: float, needed: float, figure: dict[str, Any], reference: dict[str, Any]) -> Target:
    met = ratio >= needed
    detail = f"{figure['rps']:.0f} vs {reference['rps']:.0f} req/s = {ratio:.2f}x"
    if not met:
        detail += f"; missed by {100 * (1 - ratio / needed):.0f}%; {_bound(figure, reference, 1)}"
    return Target(name, ratio, f">= {needed:.1f}x", met, detail)


def scaling(results: dict[str, dict[str, dict[str, Any]]]) -> dict[str, float]:
    one, two = results.get(PRIMARY, {}), results.get(TWO_WORKERS, {})
    return {k: two[k]["rps"] / one[k]["rps"] for k in one if k in two}


def table(
    results: dict[str, dict[str, dict[str, Any]]],
    endpoints: list[Endpoint],
    ratio_rows: list[dict[str, Any]],
    markdown: bool = False,
) -> str:
    ratio_of = {(r["server"], r["endpoint"]): r for r in ratio_rows}
    header = ["endpoint", "server", "req/s", "p50 ms", "p99 ms", "c/a", "c/b", "CPU/req app+db ms"]
    rows: list[list[str]] = []

    def add(label: str, server: str, key: str) -> None:
        figure = _fig(results, server, key)
        if figure is None:
            return
        ratio = ratio_of.get((server, key), {})
        flag = " !" if figure["non_2xx"] or figure["errors"] else ""
        rows.append(
            [
                label,
                _short(server) + flag,
                f"{figure['rps']:.0f}",
                f"{figure['p50_ms']:.1f}",
                f"{figure['p99_ms']:.1f}",
                f"{ratio['vs_bare']:.2f}" if ratio.get("vs_bare") else "",
                f"{ratio['vs_reference']:.2f}" if ratio.get("vs_reference") else "",
                f"{1000 * figure['server_cpu'] / figure['rps']:.2f}+{1000 * figure['pg_cpu'] / figure['rps']:.2f}",
            ]
        )

    add(BARE.label, "a-bare", BARE.key)
    for ref in REFERENCE.values():
        add(ref.label, "b-reference", ref.key)
    for endpoint in endpoints:
        for server in (PRIMARY, LARGE, TWO_WORKERS):
            add(endpoint.label, server, endpoint.key)
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
        return "\n".join(lines)
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    fmt = "  ".join(f"{{:<{w}}}" if i < 2 else f"{{:>{w}}}" for i, w in enumerate(widths))
    return "\n".join([fmt.format(*header), fmt.format(*("-" * w for w in widths))] + [fmt.format(*r) for r in rows])


def _short(server: str) -> str:
    return {
        "a-bare": "(a) bare",
        "b-reference": "(b) reference",
        PRIMARY: "(c) 1x 1w",
        LARGE: "(c) 10x 1w",
        TWO_WORKERS: "(c) 1x 2w",
    }.get(server, server)


def closing_note(target_list: list[Target], skipped: list[dict[str, str]], scale_up: dict[str, float]) -> str:
    met = [t for t in target_list if t.met]
    missed = [t for t in target_list if t.met is False]
    lines = [f"Targets: {len(met)} met, {len(missed)} missed."]
    lines += [f"  MISSED {t.name}: {t.detail}" for t in missed]
    lines += [f"  met    {t.name}: {t.detail}" for t in met]
    if scale_up:
        lines.append("Two workers vs one (req/s): " + ", ".join(f"{k} {v:.2f}x" for k, v in scale_up.items()))
    lines += [f"Skipped {s['server']} {s['endpoint']}: {s['reason']}" for s in skipped]
    return "\n".join(lines)
