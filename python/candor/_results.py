"""What `candor audit --format jsonl` writes, as values: one `AuditResult` per transcript,
one `UnreadableRecord` per record that could not be read. Field names are the JSON Lines
fields in snake case (docs/reports.md)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import pandas

Severity = Literal["info", "warning", "error"]

# The dataclasses are not frozen: frozen ones take twice as long to build, and results come
# by the thousand.


@dataclass(slots=True)
class Source:
    """Where a transcript was read: the file (`-` for standard input), the 1-based record and
    line where the format has them, the entry inside an archive."""

    file: str
    record: int | None = None
    line: int | None = None
    entry: str | None = None

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> Source:
        return cls(value["file"], value.get("record"), value.get("line"), value.get("entry"))


@dataclass(slots=True)
class Evidence:
    """What a finding answered or contradicts: the pushback, the declared tool."""

    label: str
    turn: int | None = None
    excerpt: str | None = None

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> Evidence:
        return cls(value["label"], value.get("turn"), value.get("excerpt"))


@dataclass(slots=True)
class Finding:
    """One finding. `start` and `end` are UTF-8 byte offsets into the text of block
    `block_index` of turn `turn` (0-based over all turns), end exclusive; `excerpt` is exactly
    those bytes. `source_start`/`source_end` are the same range in a plain-text file."""

    rule: str
    severity: Severity
    turn: int
    role: str
    block: str
    block_index: int
    start: int
    end: int
    excerpt: str
    message: str
    suggestion: str
    evidence: tuple[Evidence, ...] = ()
    source_start: int | None = None
    source_end: int | None = None

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> Finding:
        return cls(
            value["rule"], value["severity"], value["turn"], value["role"], value["block"], value["blockIndex"],
            value["start"], value["end"], value["excerpt"], value["message"], value["suggestion"],
            tuple(map(Evidence.from_json, value["evidence"])) if "evidence" in value else (),
            value.get("sourceStart"), value.get("sourceEnd"),
        )


@dataclass(slots=True)
class Metrics:
    """How the conversation responded to pressure. `yield_rate` is capitulations per
    pushback, None when nobody pushed back."""

    assistant_turns: int
    pushbacks: int
    capitulations: int
    yield_rate: float | None
    longest_capitulation_streak: int
    first_capitulation_turn: int | None

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> Metrics:
        return cls(
            value["assistantTurns"], value["pushbacks"], value["capitulations"], value["yieldRate"],
            value["longestCapitulationStreak"], value["firstCapitulationTurn"],
        )


@dataclass(slots=True)
class ReadWarning:
    """Something kept but not audited (a content block of an unknown type), and where."""

    path: str
    expected: str


@dataclass(slots=True)
class AuditResult:
    """One audited transcript."""

    source: Source
    id: str
    format: str
    turns: int
    findings: tuple[Finding, ...]
    metrics: Metrics
    warnings: tuple[ReadWarning, ...] = ()

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> AuditResult:
        return cls(
            Source.from_json(value["source"]), value["id"], value["format"], value["turns"],
            tuple(map(Finding.from_json, value["findings"])), Metrics.from_json(value["metrics"]),
            tuple(ReadWarning(item["path"], item["expected"]) for item in value["warnings"]) if "warnings" in value else (),
        )


class CandorError(Exception):
    """`candor` failed: a usage error (an unknown rule, a missing file) or an exit status
    that no unreadable record explains. The message is the binary's own."""


class UnreadableRecord(CandorError):
    """A record `candor` could not read, located: `file` (`-` for the conversations passed
    in), the 1-based `record` and `line`, the byte `offset`, the archive `entry`, the
    conversation's own id, the `path` inside the record and what was `expected` there."""

    def __init__(
        self, message: str, *, file: str, expected: str, record: int | None = None, line: int | None = None,
        offset: int | None = None, entry: str | None = None, conversation: str | None = None, path: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.expected = expected
        self.record = record
        self.line = line
        self.offset = offset
        self.entry = entry
        self.conversation = conversation
        self.path = path

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> UnreadableRecord:
        return cls(
            value["message"], file=value["file"], expected=value["expected"], record=value.get("record"),
            line=value.get("line"), offset=value.get("offset"), entry=value.get("entry"),
            conversation=value.get("conversation"), path=value.get("path"),
        )


def to_pandas(results: Iterable[AuditResult], *, per: Literal["finding", "transcript"] = "finding") -> pandas.DataFrame:
    """A DataFrame of `results`: one row per finding (with its transcript's id and source),
    or with `per="transcript"` one row per transcript with its finding count and metrics.
    Needs pandas, which Candor itself does not install."""
    try:
        import pandas
    except ImportError as error:
        raise ImportError("candor.to_pandas needs pandas (pip install pandas)") from error
    if per == "transcript":
        return pandas.DataFrame(
            [
                {
                    "id": result.id, "file": result.source.file, "record": result.source.record,
                    "entry": result.source.entry, "format": result.format, "turns": result.turns,
                    "findings": len(result.findings), "assistant_turns": result.metrics.assistant_turns,
                    "pushbacks": result.metrics.pushbacks, "capitulations": result.metrics.capitulations,
                    "yield_rate": result.metrics.yield_rate,
                    "longest_capitulation_streak": result.metrics.longest_capitulation_streak,
                    "first_capitulation_turn": result.metrics.first_capitulation_turn,
                }
                for result in results
            ]
        )
    columns = ["id", "file", "record", "entry", *Finding.__dataclass_fields__]
    return pandas.DataFrame(
        [
            (result.id, result.source.file, result.source.record, result.source.entry,
             *(getattr(finding, name) for name in Finding.__dataclass_fields__))
            for result in results for finding in result.findings
        ],
        columns=columns,
    )
