"""Candor from Python: audit conversations with the `candor` binary and read its findings
as dataclasses.

    import candor
    result = candor.audit([{"role": "user", "content": "Email me next time."},
                           {"role": "assistant", "content": "Noted. I'll remember."}])
    for finding in result.findings:
        print(finding.rule, finding.excerpt, finding.suggestion)
"""

from ._audit import Conversation, Rules, audit, audit_file, audit_many, binary
from ._results import (
    AuditResult,
    CandorError,
    Evidence,
    Finding,
    Metrics,
    ReadWarning,
    Severity,
    Source,
    UnreadableRecord,
    to_pandas,
)

__all__ = [
    "AuditResult",
    "CandorError",
    "Conversation",
    "Evidence",
    "Finding",
    "Metrics",
    "ReadWarning",
    "Rules",
    "Severity",
    "Source",
    "UnreadableRecord",
    "audit",
    "audit_file",
    "audit_many",
    "binary",
    "to_pandas",
]
