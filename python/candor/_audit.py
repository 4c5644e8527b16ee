"""Audits through one `candor audit` process: conversations go in as JSON Lines on its
standard input (written on a thread, so neither pipe can fill while the other waits) and
results come back as JSON Lines, in input order."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import tempfile
import threading
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any, Literal, Union

from ._results import AuditResult, CandorError, UnreadableRecord

Conversation = Union[Sequence[Mapping[str, Any]], Mapping[str, Any]]
"""A list of messages (OpenAI `{"role", "content"}` or Anthropic shape), or a whole record in
any format `candor audit` reads: `{"system", "tools", "messages"}`, an Inspect sample …"""

Errors = Literal["raise", "warn"]

Rules = Union[str, Sequence[str]]
"""Rule ids: a sequence, or one comma-separated string."""

# A Linux pipe's capacity; larger buffers hold back the first results.
_PIPE_BUFFER = 1 << 16


def binary() -> str:
    """The `candor` executable: the one installed inside this package by its wheel, else
    `$CANDOR_BINARY`, else `candor` on PATH."""
    installed = Path(__file__).parent / "bin" / "candor"
    if installed.is_file():
        return str(installed)
    if configured := os.environ.get("CANDOR_BINARY"):
        return configured
    if found := shutil.which("candor"):
        return found
    raise CandorError("no candor binary: install the candor wheel, set CANDOR_BINARY or put candor on PATH")


def audit(
    conversation: Conversation, *, rules: Rules | None = None, exclude_rules: Rules | None = None,
    config: str | os.PathLike[str] | None = None,
) -> AuditResult:
    """Audits one conversation. Raises `UnreadableRecord` when Candor cannot read it."""
    results = list(audit_many([conversation], rules=rules, exclude_rules=exclude_rules, config=config))
    if len(results) != 1:
        raise ValueError(f"the record holds {len(results)} conversations; audit_many yields each")
    return results[0]


def audit_many(
    conversations: Iterable[Conversation], *, rules: Rules | None = None,
    exclude_rules: Rules | None = None, config: str | os.PathLike[str] | None = None, errors: Errors = "raise",
) -> Iterator[AuditResult]:
    """Audits each conversation, streaming them through one `candor audit -` process, and
    yields the results in input order as they come. A conversation Candor cannot read raises
    `UnreadableRecord` (its `record` is the conversation's 1-based position), or with
    `errors="warn"` is reported as a warning and skipped."""
    return _run(["-"], _selection(rules, exclude_rules, config), conversations, errors)


def audit_file(
    *paths: str | os.PathLike[str], rules: Rules | None = None, exclude_rules: Rules | None = None,
    config: str | os.PathLike[str] | None = None, errors: Errors = "raise",
) -> Iterator[AuditResult]:
    """Audits files and directories (recursively) in any format `candor audit` reads,
    compressed or not, and yields one result per transcript. Unreadable records are handled
    as in `audit_many`."""
    if not paths:
        raise ValueError("audit_file needs at least one path")
    return _run([os.fspath(path) for path in paths], _selection(rules, exclude_rules, config), None, errors)


def rule_ids(rules: Rules) -> list[str]:
    """Rule ids given as a sequence or as one comma-separated string (`-S rules=a,b`)."""
    return rules.split(",") if isinstance(rules, str) else list(rules)


def _selection(rules: Rules | None, exclude_rules: Rules | None, config: str | os.PathLike[str] | None) -> list[str]:
    arguments = []
    if rules is not None:
        arguments += ["--rules", ",".join(rule_ids(rules))]
    if exclude_rules:
        arguments += ["--exclude-rules", ",".join(rule_ids(exclude_rules))]
    if config is not None:
        arguments += ["--config", os.fspath(config)]
    return arguments


def _run(
    inputs: list[str], selection: list[str], conversations: Iterable[Conversation] | None, errors: Errors,
) -> Iterator[AuditResult]:
    if errors not in ("raise", "warn"):
        raise ValueError(f"errors must be 'raise' or 'warn', not {errors!r}")
    command = [binary(), "audit", *inputs, *selection, "--format", "jsonl", "--fail-on", "never", "--ordered"]
    return _results(command, conversations, errors)


def _results(command: list[str], conversations: Iterable[Conversation] | None, errors: Errors) -> Iterator[AuditResult]:
    with tempfile.TemporaryFile() as stderr:
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL if conversations is None else subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=stderr, bufsize=_PIPE_BUFFER,
        )
        writer = None if conversations is None or process.stdin is None else _Writer(process.stdin, conversations)
        unreadable = False
        try:
            assert isinstance(process.stdout, io.BufferedReader)
            for record in _records(process.stdout):
                if "error" not in record:
                    yield AuditResult.from_json(record)
                    continue
                problem = UnreadableRecord.from_json(record["error"])
                if errors == "raise":
                    raise problem
                warnings.warn(problem.message, stacklevel=2)
                unreadable = True
            status = process.wait()
            if status != 0 and not (status == 2 and unreadable):
                stderr.seek(0)
                # ArgumentParser's usage hint after the message means nothing to a caller here.
                message = stderr.read().decode("utf-8", "replace").split("\nUsage:")[0].strip()
                raise CandorError(message.removeprefix("Error: ") or f"{command[0]} exited with status {status}")
            if writer is not None:
                writer.finish()
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
            if writer is not None:
                writer.join()
            if process.stdout is not None:
                process.stdout.close()


def _records(stdout: io.BufferedReader) -> Iterator[dict[str, Any]]:
    """The JSON lines on `stdout`, parsed as they arrive: the complete lines of each read go
    through one `json.loads` as an array, which costs half as much as a call per line."""
    partial = b""
    while chunk := stdout.read1(_PIPE_BUFFER):
        end = chunk.rfind(b"\n")
        if end < 0:
            partial += chunk
            continue
        lines = partial + chunk[:end]
        partial = chunk[end + 1:]
        yield from json.loads(b"[" + lines.replace(b"\n", b",") + b"]")
    if partial.strip():
        yield json.loads(partial)


class _Writer(threading.Thread):
    """Writes conversations to candor's standard input as JSON Lines, then closes it. An
    error while encoding is kept and raised by `finish`; a closed pipe means candor stopped
    reading, which its exit status reports."""

    def __init__(self, pipe: IO[bytes], conversations: Iterable[Conversation]) -> None:
        super().__init__(name="candor-writer", daemon=True)
        self.pipe = pipe
        self.conversations = conversations
        self.error: BaseException | None = None
        self.start()

    def run(self) -> None:
        encode = json.JSONEncoder(separators=(",", ":"), check_circular=False).encode
        try:
            for conversation in self.conversations:
                record = {"messages": conversation} if isinstance(conversation, Sequence) else conversation
                self.pipe.write(encode(record).encode() + b"\n")
        except BrokenPipeError:
            pass
        except BaseException as error:  # re-raised on the caller's thread by finish()
            self.error = error
        finally:
            try:
                self.pipe.close()
            except BrokenPipeError:
                pass

    def finish(self) -> None:
        self.join()
        if self.error is not None:
            raise self.error
