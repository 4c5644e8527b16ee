#!/usr/bin/env python3
"""Times auditing a corpus through the Python API against `candor audit` on the same file.

Usage: python_api.py CORPUS.jsonl [REPEATS]     (run by Benchmarks/python-api)

Three ways, each REPEATS times, alternating so load on the machine falls on all alike:
  cli         `candor audit CORPUS --format jsonl --fail-on never`, output discarded
  audit_many  the conversations, already loaded as Python objects, streamed through one
              process and read back as AuditResult values
  audit_file  the file audited by path, read back as AuditResult values
All three use the binary the installed package runs. CPU seconds (this process's and its
children's, user + system) are shown too: load from other work on the machine moves them
less than wall time.
"""

import json
import resource
import statistics
import subprocess
import sys
import time

import candor


def main() -> None:
    corpus = sys.argv[1]
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    with open(corpus, encoding="utf-8") as lines:
        conversations = [json.loads(line) for line in lines]
    binary = candor.binary()

    def cli() -> int:
        command = [binary, "audit", corpus, "--format", "jsonl", "--fail-on", "never"]
        subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
        return len(conversations)

    ways = {
        "cli": cli,
        "audit_many": lambda: len(list(candor.audit_many(conversations))),
        "audit_file": lambda: len(list(candor.audit_file(corpus))),
    }
    times: dict[str, list[float]] = {name: [] for name in ways}
    cpu: dict[str, list[float]] = {name: [] for name in ways}
    for _ in range(repeats):
        for name, way in ways.items():
            cpu_start, start = cpu_seconds(), time.perf_counter()
            audited = way()
            times[name].append(time.perf_counter() - start)
            cpu[name].append(cpu_seconds() - cpu_start)
            assert audited == len(conversations), (name, audited)

    print(f"{len(conversations)} conversations, {repeats} runs each: wall seconds best / median, ratio to cli, median CPU s")
    best_cli, median_cli = min(times["cli"]), statistics.median(times["cli"])
    for name, runs in times.items():
        best, median = min(runs), statistics.median(runs)
        print(
            f"  {name:<10} {best:6.3f} / {median:6.3f}   {best / best_cli:4.2f} / {median / median_cli:4.2f}"
            f"   {statistics.median(cpu[name]):5.2f}"
        )


def cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


if __name__ == "__main__":
    main()
