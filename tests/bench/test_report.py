"""The benchmark README keeps its hand-written sections when a new run writes it again."""

from __future__ import annotations

from bench.report import write_readme

RESULTS = {
    "stalls": {
        "machine": {
            "cpus": 2,
            "cpu": "x",
            "python": "3.11",
            "postgres": "15",
            "load_before": 0.1,
            "date": "2026-12-01 14:00 UTC",
        },
        "as configured": {
            "seconds": 300,
            "recycles": 0,
            "requests": 1000,
            "p50_ms": 1.0,
            "p99_ms": 9.0,
            "max_ms": 20.0,
            "errors": 0,
            "memory_mib": [],
        },
    }
}
BLOCK = "<!-- by hand after: stalls -->\nWhy the p99 moved.\n<!-- end by hand -->\n"


def test_a_hand_written_section_is_kept_after_its_generated_section(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# Old\n\nstale figures\n\n" + BLOCK)
    write_readme(RESULTS, readme)
    text = readme.read_text()
    assert "stale figures" not in text
    assert text.count("Why the p99 moved.") == 1
    assert text.index("## No stalls") < text.index("Why the p99 moved.")


def test_writing_twice_keeps_one_copy_of_each_section(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(BLOCK)
    write_readme(RESULTS, readme)
    write_readme(RESULTS, readme)
    assert readme.read_text().count(BLOCK) == 1


def test_a_section_whose_part_did_not_run_is_still_kept(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(BLOCK.replace("stalls", "abuse"))
    write_readme(RESULTS, readme)
    assert "Why the p99 moved." in readme.read_text()


def test_the_throughput_verdict_takes_the_median_of_the_rounds():
    from bench.report import round_medians

    rounds = [{"result": share, "api": share + 0.1} for share in (0.20, 0.35, 0.30)]
    assert round_medians({"ratios": {"16": {"result": 0.9, "api": 0.9}}, "rounds": rounds}) == {
        "result": 0.30,
        "api": 0.40,
    }


def test_without_rounds_the_verdict_takes_the_single_pass():
    from bench.report import round_medians

    single = {"result": 0.25, "api": 0.35}
    assert round_medians({"ratios": {"16": single}}) == single
