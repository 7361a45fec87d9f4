"""bench/README.md from bench/results.json (written by bench/run.py)."""

from __future__ import annotations

import re
import statistics
from pathlib import Path

TARGETS = {"result": 0.33, "api": 0.40}


def _machine(m: dict) -> str:
    return (
        f"Run of {m['date']} on {m['cpus']} CPUs ({m['cpu']}), Python {m['python']}, "
        f"PostgreSQL {m['postgres']}; load average {m['load_before']:.1f} when it started "
        "(the machine is shared, and wrk runs on the same CPUs, so figures are a floor)."
    )


def _memory(rows: list[dict]) -> str:
    if not rows:
        return "not measured"
    return ", ".join(f"{r['rss']:.0f} MiB RSS ({r['pss']:.0f} MiB PSS)" for r in rows)


def _throughput(t: dict) -> list[str]:
    cfg = t["config"]
    lines = [
        "## Throughput: every request a new answer set",
        "",
        _machine(t["machine"]),
        f"One gunicorn server (`gunicorn.conf.py`: gthread, {cfg['workers']} workers, loaded "
        f"before fork, no recycling during these runs), cache: {cfg['cache']}. "
        f"{cfg['duration']} s per row. CPU ms per request is the workers' user + system time "
        "over the run divided by the requests served.",
        "",
        "| endpoint | clients | requests/s | p50 ms | p99 ms | CPU ms/request | requests | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in t["rows"]:
        lines.append(
            f"| {r['name']} | {r['connections']} | {r['rps']:.1f} | {r['p50_ms']:.1f} | "
            f"{r['p99_ms']:.1f} | {r['cpu_ms_per_request']:.2f} | {r['requests']} | "
            f"{r['errors']} |"
        )
    lines += ["", "Share of `/healthz`'s throughput, same run:", ""]
    for clients, ratios in t["ratios"].items():
        lines.append(
            f"- {clients} client(s): result page (random answers) **{ratios['result']:.0%}** "
            f"(target {TARGETS['result']:.0%}), API (random answers) **{ratios['api']:.0%}** "
            f"(target {TARGETS['api']:.0%}); the warm figure (one repeated URL) "
            f"{ratios['warm result']:.0%}."
        )
    rounds = t.get("rounds")
    if rounds:
        lines += [
            "",
            "Then the three in turn, at 16 clients, in rounds (each round's shares come from runs "
            "seconds apart, so load drifting over the run moves them less):",
            "",
            "| round | /healthz req/s | result page req/s | API req/s | result page share | "
            "API share | CPU ms/request: /healthz, page, API |",
            "|---|---:|---:|---:|---:|---:|---|",
        ]
        for r in rounds:
            f = r["figures"]
            h, page, api = (
                f["healthz"],
                f["result page, random answers"],
                f["API, random answers"],
            )
            lines.append(
                f"| {r['round']} | {h['rps']:.0f} | {page['rps']:.0f} | {api['rps']:.0f} | "
                f"{r['result']:.0%} | {r['api']:.0%} | {h['cpu_ms_per_request']:.2f}, "
                f"{page['cpu_ms_per_request']:.2f}, {api['cpu_ms_per_request']:.2f} |"
            )
        median = round_medians(t)
        lines += [
            "",
            f"Median of the rounds: result page **{median['result']:.0%}**, API "
            f"**{median['api']:.0%}**.",
        ]
    lines += ["", f"Memory per worker after the run: {_memory(t['memory_mib'])}.", ""]
    return lines


def round_medians(t: dict) -> dict[str, float]:
    """The median share over the interleaved rounds (the single pass's share without them)."""
    rounds = t.get("rounds") or []
    if not rounds:
        return {k: t["ratios"]["16"][k] for k in ("result", "api")}
    return {k: statistics.median(r[k] for r in rounds) for k in ("result", "api")}


def _in_process(p: dict) -> list[str]:
    pages = p["pages"]
    lines = [
        "## In process (CPU time, no network)",
        "",
        "`bench/inprocess.py`: requests made straight to the WSGI application (as gunicorn "
        "makes them, without Django's test client, which adds its own work to every request) "
        "in one process with the production settings, after the same pre-fork warm-up; a new "
        "random answer set every request.",
        "",
        "| request | median CPU ms | p95 CPU ms |",
        "|---|---:|---:|",
    ]
    for name in ("healthz", "result page (cold)", "API (cold)"):
        lines.append(f"| {name} | {pages[name]['median_ms']:.2f} | {pages[name]['p95_ms']:.2f} |")
    lines += [
        "",
        f"The cold result page costs **{pages['result_over_healthz']:.1f} times** `/healthz` "
        f"(target: at most 3 times), {_verdict(pages['result_over_healthz'] <= 3)}.",
        "",
        "### Engine and API against content size",
        "",
        "Synthetic guides with every method repeated 10 and 100 times; random answers with "
        'audiences. "API" is the whole per-request path: the revision read, the snapshot from '
        "process memory, the engine, the body and its JSON. CPU ms; GC thresholds "
        f"{tuple(p['content']['gc_threshold'])}.",
        "",
        "| content | methods | engine p50 | engine p95 | API p50 | API p95 | API p95/p50 | "
        "API body KB (default) | KB with `methods=all` | first call ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in p["content"]["sizes"]:
        e, a = s["engine"], s["api"]
        lines.append(
            f"| {s['factor']}x | {s['methods']} | {e['median']:.2f} | {e['p95']:.2f} | "
            f"{a['median']:.2f} | {a['p95']:.2f} | {a['p95'] / a['median']:.1f} | "
            f"{s['api_kb']:.0f} | {s['api_all_kb']:.0f} | {s['first_call_ms']:.0f} |"
        )
    return [*lines, ""]


def _stall_runs(s: dict) -> dict[str, dict]:
    if "p99_ms" in s:  # results from before the forced-recycling run held one run
        return {"as configured": s}
    return {k: v for k, v in s.items() if isinstance(v, dict) and "p99_ms" in v}


def _stalls(s: dict) -> list[str]:
    lines = ["## No stalls: /healthz at one client with recycling", "", _machine(s["machine"])]
    what = {
        "as configured": "workers recycled as configured for production (above 190 MiB resident)",
        "recycling forced": "a recycle forced about every 2000 requests per worker",
    }
    for label, r in _stall_runs(s).items():
        lines.append(
            f"- One connection, {r['seconds']:.0f} s, {what.get(label, label)}: "
            f"**{r['recycles']} recycles**, {r['requests']} requests, p50 {r['p50_ms']:.1f} ms, "
            f"p99 **{r['p99_ms']:.1f} ms** (target under 50), max {r['max_ms']:.1f} ms, "
            f"{r['errors']} errors. Memory per worker afterwards: {_memory(r['memory_mib'])}."
        )
    return [*lines, ""]


def _abuse(a: dict) -> list[str]:
    lines = [
        "## Abuse: PDF floods and idle connections",
        "",
        _machine(a["machine"]),
        "16 connections asking for PDFs of random answers for 20 s while `/healthz` is polled "
        'every 50 ms on new connections (bench `abuse`). "Rate limit lifted" stands for many '
        "clients at once: only the render slots (one PDF or Word render per process) protect "
        "the pool. WeasyPrint runs in a render process of each worker (selector/pdf_process.py).",
        "",
        "| run | PDF requests | PDFs made | 429 | 5xx | socket errors | /healthz polls | "
        "/healthz p99 ms | /healthz max ms | /healthz not 200 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for label in ("as configured", "rate limit lifted"):
        if label not in a:
            continue
        f, h = a[label]["pdf"], a[label]["healthz"]
        sockets = sum(f.get(k, 0) for k in ("connect", "read", "write", "timeout"))
        lines.append(
            f"| {label} | {f['requests']} | {f['ok']} | {f['limited']} | {f['5xx']} | "
            f"{sockets} | {h['polls']} | {h['p99_ms']:.0f} | {h['max_ms']:.0f} | "
            f"{h['not_ok']} |"
        )
    for label, sizes in a.get("render_process_mib", {}).items():
        if sizes:
            lines += [
                "",
                f"- Render processes after the flood ({label}): {len(sizes)}, largest "
                f"{max(sizes):.0f} MiB resident.",
            ]
    for kind, idle in a.get("idle sockets", {}).items():
        h = idle["healthz"]
        lines += [
            "",
            f"- {idle['sockets']} idle connections ({kind}), held {idle['seconds']} s: "
            f"`/healthz` polled {h['polls']} times, p99 {h['p99_ms']:.0f} ms, max "
            f"**{h['max_ms']:.0f} ms** (target under 500), {h['not_ok']} not 200.",
        ]
    return [*lines, ""]


def _verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


def _targets(results: dict) -> list[str]:
    """Each figure the issues set a target for, against its target, from this run."""
    lines = ["## Targets", ""]
    t = results.get("throughput")
    if t:
        r16 = t["ratios"]["16"]
        median = round_medians(t)
        errors = sum(r["errors"] for r in t["rows"]) + sum(
            f["errors"] for r in t.get("rounds") or () for f in r["figures"].values()
        )
        lines += [
            f"- Cold result page at least 33% of `/healthz` at 16 clients: {median['result']:.0%} "
            f"(median of the rounds; {r16['result']:.0%} in the single pass), "
            f"{_verdict(median['result'] >= TARGETS['result'])}.",
            f"- API on random answers at least 40%: {median['api']:.0%} (single pass "
            f"{r16['api']:.0%}), {_verdict(median['api'] >= TARGETS['api'])}.",
            f"- No errors in the throughput runs: {errors}, {_verdict(errors == 0)}.",
        ]
        workers = t["memory_mib"]
        if workers:
            top = max(w["rss"] for w in workers)
            lines.append(
                f"- No worker above 200 MiB RSS: largest {top:.0f} MiB, {_verdict(top <= 200)}."
            )
        p = t.get("in_process")
        if p:
            ratio = p["pages"]["result_over_healthz"]
            lines.append(
                f"- In process, the cold result page at most 3 times `/healthz`: {ratio:.1f} "
                f"times, {_verdict(ratio <= 3)}."
            )
            big = p["content"]["sizes"][-1]
            spread = big["api"]["p95"] / big["api"]["median"]
            lines += [
                f"- 100x content, p95 within 3 times the median: API {spread:.1f}, engine "
                f"{big['engine']['p95'] / big['engine']['median']:.1f}, "
                f"{_verdict(spread <= 3)}.",
                f"- 100x content, the API answer under 200 KB by default: {big['api_kb']:.0f} "
                f"KB, {_verdict(big['api_kb'] < 200)}.",
            ]
    s = results.get("stalls")
    if s:
        for label, r in _stall_runs(s).items():
            lines.append(
                f"- `/healthz` p99 under 50 ms at 1 client for {r['seconds'] / 60:.0f} minutes "
                f"with recycling ({label}, {r['recycles']} recycles): {r['p99_ms']:.1f} ms, "
                f"{_verdict(r['p99_ms'] < 50)}."
            )
    a = results.get("abuse")
    if a:
        for label in ("as configured", "rate limit lifted"):
            if label in a:
                h, f = a[label]["healthz"], a[label]["pdf"]
                ok = h["max_ms"] < 500 and f["5xx"] == 0 and h["not_ok"] == 0
                lines.append(
                    f"- PDF flood ({label}): `/healthz` under 500 ms throughout and no 5xx: max "
                    f"{h['max_ms']:.0f} ms, {f['5xx']} 5xx, {_verdict(ok)}."
                )
        for kind, idle in a.get("idle sockets", {}).items():
            h = idle["healthz"]
            lines.append(
                f"- Ten idle connections ({kind}) do not delay `/healthz` beyond 500 ms: max "
                f"{h['max_ms']:.0f} ms, {_verdict(h['max_ms'] < 500 and h['not_ok'] == 0)}."
            )
    return [*lines, ""]


# Sections written by hand survive a new run: each sits between these markers, after the
# generated section it names ("targets", "throughput", "in-process", "stalls" or "abuse").
KEPT = re.compile(r"<!-- by hand after: ([a-z-]+) -->\n.*?<!-- end by hand -->\n", re.S)


def kept_sections(text: str) -> dict[str, list[str]]:
    """The hand-written blocks of an existing README, by the generated section they follow."""
    out: dict[str, list[str]] = {}
    for match in KEPT.finditer(text):
        out.setdefault(match.group(1), []).append(match.group(0))
    return out


def write_readme(results: dict, target: Path) -> None:
    kept = kept_sections(target.read_text()) if target.exists() else {}
    lines = [
        "# Benchmarks",
        "",
        "```sh",
        ".venv/bin/python bench/run.py            # all three parts (about twenty minutes)",
        ".venv/bin/python bench/run.py throughput # or stalls, or abuse",
        "```",
        "",
        "Needs PostgreSQL on 127.0.0.1:5432 and `wrk` (installed with apt if missing). Each part "
        "makes a fresh database with the guide, `DJANGO_ENV=production`, and gunicorn with "
        "`gunicorn.conf.py`; load goes only to 127.0.0.1, for a bounded time. Real visitors "
        "almost never repeat an answer set, so the result page and the API get a new random "
        "set on every request (`bench/answer_sets.py` writes the wrk script); the one repeated "
        "URL is shown too, labelled warm. Raw numbers: `bench/results.json`. Sections between "
        "`by hand` markers are kept when the file is written again.",
        "",
    ]
    sections: list[tuple[str, list[str]]] = [("targets", _targets(results))]
    if "throughput" in results:
        sections.append(("throughput", _throughput(results["throughput"])))
        if "in_process" in results["throughput"]:
            sections.append(("in-process", _in_process(results["throughput"]["in_process"])))
    if "stalls" in results:
        sections.append(("stalls", _stalls(results["stalls"])))
    if "abuse" in results:
        sections.append(("abuse", _abuse(results["abuse"])))
    for name, section in sections:
        lines += section
        lines += [block.rstrip("\n") + "\n" for block in kept.pop(name, [])]
    for blocks in kept.values():  # a block whose section is gone this time is still kept
        lines += [block.rstrip("\n") + "\n" for block in blocks]
    target.write_text("\n".join(lines))
