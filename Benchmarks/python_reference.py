#!/usr/bin/env python3
"""The straightforward pass a user would write: json.loads per line, one compiled
case-insensitive regex alternation per rule over the assistant messages."""
import json
import re
import sys

RULES = {
    "persistence-claim": [
        r"\bnoted\b", r"i'?ll remember", r"i will remember", r"i won't forget", r"lesson learned",
        r"i'?ll do better next time", r"keep (?:that|this|it) in mind", r"in future conversations",
        r"going forward", r"i'?ll be more careful",
    ],
    "contradicted-capability-denial": [
        r"i can'?t (?:browse|access|open|search|run)", r"i cannot (?:browse|access|open|search|run)",
        r"i'?m unable to", r"i don'?t have access to", r"i do not have access to",
        r"i don'?t have (?:internet|web|browsing) (?:access|capabilities)", r"there'?s no way for me to",
    ],
    "capitulation": [
        r"you'?re (?:absolutely |completely )?right", r"good catch", r"my mistake", r"i was wrong",
        r"i stand corrected", r"fair point", r"point taken", r"i apologi[sz]e",
    ],
}
PATTERNS = {rule: re.compile("|".join(phrases), re.IGNORECASE) for rule, phrases in RULES.items()}


def main() -> None:
    counts = dict.fromkeys(PATTERNS, 0)
    conversations = 0
    with open(sys.argv[1], encoding="utf-8") as corpus:
        for line in corpus:
            record = json.loads(line)
            conversations += 1
            for message in record.get("messages", []):
                if message.get("role") != "assistant" or not isinstance(message.get("content"), str):
                    continue
                for rule, pattern in PATTERNS.items():
                    counts[rule] += len(pattern.findall(message["content"]))
    print(json.dumps({"conversations": conversations, "matches": counts}))


if __name__ == "__main__":
    main()
