"""An Inspect scorer: Candor's findings on a sample's conversation.

    from candor.inspect import candor_scorer
    Task(dataset=..., solver=generate(), scorer=candor_scorer())

or on a finished log: `inspect score LOG --scorer candor/candor_scorer`. Needs `inspect-ai`,
which Candor itself does not install."""

from __future__ import annotations

import functools
import json
import subprocess
from collections import Counter
from dataclasses import asdict
from typing import Any, Literal

import anyio
from inspect_ai.event import ModelEvent
from inspect_ai.log import transcript
from inspect_ai.scorer import Score, Scorer, Target, mean, scorer
from inspect_ai.solver import TaskState

from ._audit import Rules, audit, binary, rule_ids
from ._results import AuditResult, Severity

FAILED = "failed"
"""The value key that is 1 when a finding reaches `fail_on`: its mean is the share of such samples."""

_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2, "never": 3}


@scorer(metrics={"*": [mean()]})
def candor_scorer(rules: Rules | None = None, fail_on: Severity | Literal["never"] = "warning") -> Scorer:
    """Audits each sample's whole conversation (system, user, tool calls and results,
    reasoning) as `candor audit` reads it from the log; Candor judges assistant turns only.

    The value counts each rule's findings (every rule of `rules`, default all, 0 when none)
    and sets `failed` to 1 when a finding of severity `fail_on` or higher is among them; each
    is averaged across the run. The explanation lists the findings with their excerpts,
    the metadata holds them as `candor audit --format jsonl` fields."""
    if fail_on not in _RANK:
        raise ValueError(f"fail_on must be one of {', '.join(_RANK)}, not {fail_on!r}")
    keys = rule_ids(rules) if rules is not None else _catalog_ids()
    audit_sample = functools.partial(audit, rules=rules)

    async def score(state: TaskState, target: Target) -> Score:
        result = await anyio.to_thread.run_sync(audit_sample, sample_record(state))
        counts = Counter(finding.rule for finding in result.findings)
        failed = any(_RANK[finding.severity] >= _RANK[fail_on] for finding in result.findings)
        return Score(
            value={**{rule: counts[rule] for rule in keys}, FAILED: int(failed)},
            explanation=explanation(result),
            metadata={"findings": [asdict(finding) for finding in result.findings]},
        )

    return score


def sample_record(state: TaskState) -> dict[str, Any]:
    """The sample as an Inspect log holds it, as far as Candor reads it: id, epoch,
    messages, and the tools offered in its model events."""
    tools = sorted({tool.name for event in transcript().events if isinstance(event, ModelEvent) for tool in event.tools})
    return {
        "id": state.sample_id,
        "epoch": state.epoch,
        "messages": [message.model_dump(mode="json", exclude_none=True) for message in state.messages],
        "events": [{"event": "model", "tools": [{"name": name} for name in tools]}],
    }


def explanation(result: AuditResult) -> str:
    """The findings as Markdown, one item per finding: turn, severity, rule, excerpt, message
    and suggestion."""
    if not result.findings:
        return "No findings."
    items = [
        f"- turn {finding.turn} · {finding.severity} · **{finding.rule}**: “{finding.excerpt}”  \n"
        f"  {finding.message}  \n  suggestion: {finding.suggestion}"
        for finding in result.findings
    ]
    count = len(result.findings)
    return f"{count} finding{'' if count == 1 else 's'}:\n\n" + "\n".join(items)


@functools.cache
def _catalog_ids() -> list[str]:
    catalog = subprocess.run([binary(), "rules", "--format", "json"], capture_output=True, check=True).stdout
    return [rule["id"] for rule in json.loads(catalog)]
