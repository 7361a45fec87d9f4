"""Helpers shared by the browser tests: axe-core reports and screenshots."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
RESULTS = ROOT / "test-results"
SCREENSHOTS = ROOT / "docs" / "screenshots"


class AxeReport:
    """Collects axe-core results for test-results/axe-report.json (git-ignored)."""

    path = RESULTS / "axe-report.json"

    def __init__(self) -> None:
        self.pages: dict[str, dict] = {}

    def check(self, page, name: str) -> list[dict]:
        """Run axe on the page as it is now; record everything, return serious/critical ones."""
        if not AXE_JS.is_file():
            pytest.fail(f"{AXE_JS} is missing: run `npm ci --ignore-scripts` (make setup).")
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.add_script_tag(path=str(AXE_JS))
        result = page.evaluate(
            """async () => {
                const r = await axe.run(document, {resultTypes: ["violations", "incomplete"]});
                const slim = (v) => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                    nodes: v.nodes.map((n) => ({target: n.target, summary: n.failureSummary}))});
                return {violations: r.violations.map(slim), incomplete: r.incomplete.map(slim)};
            }"""
        )
        self.pages[name] = {"url": page.url, **result}
        self.write()
        return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for entry in self.pages.values():
            for violation in entry["violations"]:
                impact = violation["impact"] or "unknown"
                counts[impact] = counts.get(impact, 0) + len(violation["nodes"])
        return counts

    def write(self) -> None:
        RESULTS.mkdir(exist_ok=True)
        existing: dict = {}
        if self.path.is_file():
            try:
                existing = json.loads(self.path.read_text(encoding="utf-8")).get("pages", {})
            except (ValueError, OSError):
                existing = {}
        existing.update(self.pages)
        totals: dict[str, int] = {}
        for entry in existing.values():
            for violation in entry["violations"]:
                impact = violation["impact"] or "unknown"
                totals[impact] = totals.get(impact, 0) + len(violation["nodes"])
        payload = {"violations_by_impact": totals, "pages": existing}
        self.path.write_text(json.dumps(payload, indent=2, sort_keys=True), encoding="utf-8")


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']} at {targets}")
    return "\n".join(lines)


def save_screenshot(page, name: str, *, full_page: bool = True) -> Path:
    """Into docs/screenshots/ with UPDATE_SCREENSHOTS=1 (`make screenshots`), else test-results/."""
    folder = SCREENSHOTS if os.environ.get("UPDATE_SCREENSHOTS") == "1" else RESULTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
