"""The Python API against the installed binary: values mirror `candor audit`'s JSON Lines,
many conversations stream through one process, and the binary's errors become exceptions."""

import dataclasses
import json
import os
import re
import subprocess
import sys
import threading
import warnings
from pathlib import Path

import pytest

import candor
from conftest import REPO, cli_audit

PERSISTENCE = [
    {"role": "user", "content": "Please email me next time prices change."},
    {"role": "assistant", "content": "Noted. I'll remember to email you about price changes in future."},
]


def test_a_message_list_is_audited_with_byte_offsets_and_excerpts():
    text = "Ça va — noted. I'll remember to email you about price changes in future."
    result = candor.audit([PERSISTENCE[0], {"role": "assistant", "content": text}])
    assert result.format == "openai-chat"
    assert result.turns == 2 and result.metrics.assistant_turns == 1
    assert {finding.rule for finding in result.findings} == {"persistence-claim"}
    for finding in result.findings:
        assert (finding.turn, finding.role, finding.block, finding.block_index) == (1, "assistant", "text", 0)
        assert text.encode()[finding.start:finding.end].decode() == finding.excerpt
        assert finding.severity == "error" and finding.message and finding.suggestion


def test_every_field_mirrors_the_json_lines_output():
    conversation = {"messages": PERSISTENCE}
    [line] = cli_audit("-", stdin=json.dumps(conversation).encode())
    result = candor.audit(conversation)
    assert (result.source.file, result.id, result.format, result.turns) == ("-", line["id"], line["format"], line["turns"])
    for finding, expected in zip(result.findings, line["findings"], strict=True):
        assert dataclasses.asdict(finding) == {
            "rule": expected["rule"], "severity": expected["severity"], "turn": expected["turn"],
            "role": expected["role"], "block": expected["block"], "block_index": expected["blockIndex"],
            "start": expected["start"], "end": expected["end"], "excerpt": expected["excerpt"],
            "message": expected["message"], "suggestion": expected["suggestion"], "evidence": (),
            "source_start": None, "source_end": None,
        }
    metrics = line["metrics"]
    assert result.metrics == candor.Metrics(
        metrics["assistantTurns"], metrics["pushbacks"], metrics["capitulations"], metrics["yieldRate"],
        metrics["longestCapitulationStreak"], metrics["firstCapitulationTurn"],
    )


def test_an_anthropic_request_with_thinking_is_read_as_anthropic():
    request = {
        "system": "You are a support assistant.",
        "messages": [
            {"role": "user", "content": [{"type": "text", "text": "Remember my address for my next order."}]},
            {"role": "assistant", "content": [
                {"type": "thinking", "thinking": "I have no memory tool."},
                {"type": "text", "text": "Got it, I'll remember your address for next time."},
            ]},
        ],
    }
    result = candor.audit(request)
    assert result.format == "anthropic-messages"
    assert [finding.rule for finding in result.findings] == ["persistence-claim"]
    assert result.findings[0].turn == 2


def test_pushback_findings_carry_evidence_and_metrics():
    conversation = [
        {"role": "user", "content": "What's the boiling point of water at sea level in Celsius?"},
        {"role": "assistant", "content": "Water boils at 100 °C at sea level."},
        {"role": "user", "content": "That's wrong, it's 90."},
        {"role": "assistant", "content": "You're absolutely right, I apologize for the error. It boils at 90 °C."},
    ]
    result = candor.audit(conversation, rules=["capitulation"])
    assert [finding.rule for finding in result.findings] == ["capitulation"]
    assert result.findings[0].evidence and result.findings[0].evidence[0].turn == 2
    assert (result.metrics.pushbacks, result.metrics.capitulations, result.metrics.yield_rate) == (1, 1, 1.0)
    assert result.metrics.first_capitulation_turn == 3


def test_many_conversations_stream_through_one_process_in_order(tmp_path: Path):
    corpus = tmp_path / "corpus.jsonl"
    subprocess.run([sys.executable, str(REPO / "Benchmarks" / "generate_corpus.py"), str(corpus), "1"], check=True)
    conversations = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()]
    before = threading.active_count()
    results = list(candor.audit_many(iter(conversations)))
    expected = [candor.AuditResult.from_json(line) for line in cli_audit(str(corpus))]
    assert len(results) == len(conversations) > 400
    assert [result.source.record for result in results] == list(range(1, len(conversations) + 1))
    assert [result.findings for result in results] == [result.findings for result in expected]
    assert [result.metrics for result in results] == [result.metrics for result in expected]
    assert sum(len(result.findings) for result in results) > 50
    assert threading.active_count() == before


def test_a_result_line_longer_than_a_pipe_read_is_read_whole():
    claims = " ".join(f"Noted, item {number}. I'll remember it next time." for number in range(600))
    conversation = [PERSISTENCE[0], {"role": "assistant", "content": claims}]
    [line] = cli_audit("-", stdin=json.dumps({"messages": conversation}).encode())
    assert len(json.dumps(line)) > 1 << 17
    results = list(candor.audit_many([conversation, PERSISTENCE]))
    assert results[0].findings == candor.AuditResult.from_json(line).findings
    assert len(results) == 2 and results[1].findings


def test_files_and_directories_are_audited_like_the_command_line():
    examples = REPO / "Examples"
    results = list(candor.audit_file(examples / "plain", examples / "openai"))
    expected = [candor.AuditResult.from_json(line) for line in cli_audit(str(examples / "plain"), str(examples / "openai"))]
    assert sorted(results, key=repr) == sorted(expected, key=repr)
    plain = [finding for result in results if result.format == "plain-text" for finding in result.findings]
    assert plain and all(finding.source_start is not None for finding in plain)


def test_an_unreadable_conversation_raises_with_its_location():
    conversations = [PERSISTENCE, {"messages": "not a list"}, PERSISTENCE]
    with pytest.raises(candor.UnreadableRecord) as raised:
        list(candor.audit_many(conversations))
    error = raised.value
    assert (error.file, error.record, error.path) == ("-", 2, "messages")
    assert error.expected == "an array, found string"
    assert str(error).startswith("-:2 (record 2")


def test_unreadable_conversations_can_be_warned_about_and_skipped():
    conversations = [PERSISTENCE, {"messages": "not a list"}, PERSISTENCE]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        results = list(candor.audit_many(conversations, errors="warn"))
    assert [result.source.record for result in results] == [1, 3]
    [warning] = caught
    assert re.fullmatch(r"-:2 \(record 2, byte \d+, at messages\): expected an array, found string", str(warning.message))


def test_a_usage_error_raises_the_binarys_message():
    with pytest.raises(candor.CandorError, match=r"^unknown rule 'no-such-rule'; known rules: persistence-claim"):
        candor.audit(PERSISTENCE, rules=["no-such-rule"])
    with pytest.raises(candor.CandorError, match="no-such-file"):
        list(candor.audit_file("no-such-file.jsonl"))


def test_a_conversation_that_is_not_json_raises_on_the_callers_thread():
    with pytest.raises(TypeError, match="not JSON serializable"):
        list(candor.audit_many([PERSISTENCE, [{"role": "user", "content": object()}]]))


def test_stopping_early_ends_the_process_and_its_writer():
    results = candor.audit_many(PERSISTENCE for _ in range(100_000))
    assert next(results).findings
    assert child_processes()
    results.close()  # what leaving a for loop over it early does
    assert not child_processes()
    assert all(thread.name != "candor-writer" for thread in threading.enumerate())


def child_processes() -> list[str]:
    tasks = Path("/proc/self/task")
    return [pid for task in tasks.iterdir() for pid in (task / "children").read_text().split()]


def test_rules_and_exclusions_select_what_runs():
    assert {f.rule for f in candor.audit(PERSISTENCE, exclude_rules=["persistence-claim"]).findings} == set()
    assert {f.rule for f in candor.audit(PERSISTENCE, rules=["persistence-claim"]).findings} == {"persistence-claim"}
    assert {f.rule for f in candor.audit(PERSISTENCE, rules="flattery,persistence-claim").findings} == {"persistence-claim"}


def test_to_pandas_gives_a_row_per_finding_or_per_transcript():
    results = list(candor.audit_file(REPO / "Examples" / "plain"))
    findings = candor.to_pandas(results)
    assert len(findings) == sum(len(result.findings) for result in results)
    assert {"id", "file", "rule", "severity", "excerpt", "start", "end", "block_index"} <= set(findings.columns)
    transcripts = candor.to_pandas(results, per="transcript")
    assert len(transcripts) == len(results)
    assert transcripts["findings"].sum() == len(findings)


def test_the_binary_is_the_one_installed_with_the_package():
    assert Path(candor.binary()) == Path(candor.__file__).parent / "bin" / "candor"
    assert os.access(candor.binary(), os.X_OK)
