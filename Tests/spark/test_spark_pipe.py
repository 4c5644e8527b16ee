"""`candor audit -` as a Spark mapper: a corpus split into 4 partitions is piped through
Candor by a real Spark in local mode, each partition writes its own summary, and the
merged summary and the findings equal those of one single-process run."""
import glob
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CANDOR = os.environ.get("CANDOR_BIN", str(REPO / ".build" / "debug" / "candor"))


def without_source(line: str) -> str:
    """Record numbers restart in each partition; everything else must match."""
    record = json.loads(line)
    record.pop("source", None)
    if "error" in record:
        return json.dumps({"error": record["error"]["expected"]}, sort_keys=True)
    return json.dumps(record, sort_keys=True)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("spark")
    path = directory / "corpus.jsonl"
    subprocess.run([sys.executable, str(REPO / "Benchmarks" / "generate_corpus.py"), str(path), "0.4"], check=True)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(len(lines) // 3, '{"messages": [{"role": "narrator", "content": "x"}]}')
    lines.insert(len(lines) // 2, "{not json")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_spark_pipe_partitions_merge_to_the_single_process_run(corpus: Path, tmp_path: Path):
    from pyspark import SparkConf, SparkContext

    whole_summary = tmp_path / "whole.json"
    single = subprocess.run(
        [CANDOR, "audit", str(corpus), "--format", "jsonl", "--fail-on", "never", "--summary", str(whole_summary)],
        capture_output=True, text=True,
    )
    assert single.returncode == 2, single.stderr  # two unreadable records
    single_lines = single.stdout.splitlines()

    parts = tmp_path / "parts"
    parts.mkdir()
    lines = corpus.read_text(encoding="utf-8").splitlines()
    conf = (SparkConf().setMaster("local[2]").setAppName("candor-pipe")
            .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
            .set("spark.driver.bindAddress", "127.0.0.1"))
    context = SparkContext(conf=conf)
    try:
        rdd = context.parallelize(lines, 4)
        assert rdd.getNumPartitions() == 4
        # $$ (the shell's pid) names one summary per partition process.
        command = f"sh -c '{CANDOR} audit - --fail-on never --summary {parts}/part-$$.json'"
        piped = rdd.pipe(command).collect()
    finally:
        context.stop()

    assert len(piped) == len(lines) == len(single_lines)
    assert sorted(map(without_source, piped)) == sorted(map(without_source, single_lines))
    summaries = sorted(glob.glob(str(parts / "part-*.json")))
    assert len(summaries) == 4
    merged = tmp_path / "merged.json"
    subprocess.run([CANDOR, "summary", "merge", *summaries, "-o", str(merged)], check=True)
    assert merged.read_text() == whole_summary.read_text()
    assert json.loads(merged.read_text())["records"] == {"read": len(lines), "audited": len(lines) - 2, "skipped": 2}
