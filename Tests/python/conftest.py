"""Shared by the Python tests: they run in the venv Tests/python/run made, with the candor
wheel installed, so `candor` beside this interpreter is the installed command."""

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
CANDOR = str(Path(sys.executable).parent / "candor")


def cli_audit(*arguments: str, stdin: bytes | None = None) -> list[dict[str, Any]]:
    """`candor audit ARGUMENTS --format jsonl --fail-on never` by the installed command, as
    parsed JSON lines."""
    completed = subprocess.run(
        [CANDOR, "audit", *arguments, "--format", "jsonl", "--fail-on", "never"],
        input=stdin, capture_output=True, check=False,
    )
    assert completed.returncode in (0, 2), completed.stderr.decode()
    return [json.loads(line) for line in completed.stdout.splitlines()]
