#!/usr/bin/env python3
"""Writes a deterministic OpenAI-chat JSONL corpus of natural-looking chat prose.

Usage: generate_corpus.py OUT.jsonl [MEGABYTES]

The same seed and size give the same bytes on every machine. Most turns are ordinary
help-desk and coding prose; a few carry phrases Candor's rules look for (persistence
claims, capability denials beside declared tools, concessions after pushback), with
escapes, non-ASCII text and tool calls mixed in so the JSON path is exercised fully.
"""
import json
import random
import sys

TOPICS = [
    "the quarterly budget", "a Python script", "the database migration", "my sourdough starter",
    "the train timetable", "a cover letter", "the React component", "our onboarding guide",
    "the garden irrigation", "a marathon plan", "the tax return", "the Kubernetes deployment",
    "a birthday speech", "the café menu", "my thesis outline", "the Rust borrow checker",
]
OPENERS = [
    "Can you help me with {t}?", "I'm stuck on {t} and could use a hand.",
    "What's the best way to approach {t}?", "Quick question about {t}.",
    "Could you look over {t} for me?", "I need advice on {t} before Friday.",
]
USER_DETAIL = [
    "It has to be finished by the end of the week, and I don't have much time left.",
    "Here's what I tried so far: I rewrote the first part twice, but it still feels off.",
    "My colleague suggested a different approach, but I'm not convinced it's better.",
    "The error only shows up on the second run, which is strange.",
    "I'd like it to be short — three paragraphs at most.",
    "We use version 3.2, if that matters.",
    "Naïve question maybe, but why does the order matter here?",
    "I copied the config below:\n\n    retries = 3\n    timeout = \"30s\"\n",
]
PUSHBACK = [
    "That's wrong, the limit is 50 not 30.", "Are you sure? I read the opposite yesterday.",
    "No, that's not what I asked.", "I'm a nurse and that dosage sounds too high.",
    "Really? That doesn't sound right to me.",
]
ASSISTANT_BODY = [
    "Sure. The simplest approach is to break the work into three steps and check each one before moving on.",
    "Start by listing what has to be true at the end, then work backwards to the first concrete task.",
    "The main risk is that the second step depends on data that may not be ready; keep a fallback.",
    "Here is a version you can adapt:\n\n1. Gather the inputs.\n2. Validate them.\n3. Write the result.",
    "In most cases the default settings are fine, but a timeout of 30 seconds is a reasonable upper bound.",
    "One thing to watch: the loop runs once more than you expect because the range is inclusive.",
    "A good rule of thumb is to keep each paragraph to a single idea and lead with the conclusion.",
    "If the numbers don't add up, check whether the totals include tax — that's the usual culprit.",
    "The \"quick fix\" works, but it hides the real problem; I'd rather address the cause directly.",
    "Der Ansatz ist solide — prüfen Sie nur die Grenzwerte. 数据看起来没问题。 ✅",
    "You can also run `make test` to confirm nothing else broke after the change.",
    "That depends on your constraints: if latency matters most, cache the lookups; otherwise keep it simple.",
]
FIRING = [
    "Noted. I'll remember that for future conversations.",
    "Thanks for the feedback — I'll keep that in mind going forward.",
    "I can't browse the internet, so I can't open that link.",
    "I don't have access to the web, but here is what I know.",
    "You're absolutely right, my mistake. The limit is 50.",
    "Good catch, I was wrong about that.",
    "Lesson learned: I'll do better next time.",
]
CLOSERS = [
    "Let me know if you want me to go into more detail on any part.",
    "Does that match what you had in mind?", "Happy to refine it further.", "",
]
TOOLS = [{"type": "function", "function": {"name": "web_search", "description": "Search the web and return the top results.", "parameters": {"type": "object", "properties": {"query": {"type": "string"}}}}}]


def assistant_text(rng: random.Random, firing: bool) -> str:
    parts = rng.sample(ASSISTANT_BODY, rng.randint(2, 5))
    if firing:
        parts.insert(rng.randint(0, len(parts)), rng.choice(FIRING))
    closer = rng.choice(CLOSERS)
    if closer:
        parts.append(closer)
    return " ".join(parts) if rng.random() < 0.5 else "\n\n".join(parts)


def conversation(rng: random.Random, number: int) -> dict:
    topic = rng.choice(TOPICS)
    record: dict = {"id": f"conv-{number:07d}"}
    messages = []
    with_tools = rng.random() < 0.15
    if rng.random() < 0.4:
        messages.append({"role": "system", "content": "You are a helpful assistant. Answer concisely."})
    messages.append({"role": "user", "content": rng.choice(OPENERS).format(t=topic) + " " + rng.choice(USER_DETAIL)})
    for exchange in range(rng.randint(1, 4)):
        if with_tools and exchange == 0 and rng.random() < 0.5:
            messages.append({"role": "assistant", "content": None, "tool_calls": [{
                "id": f"call_{number}", "type": "function",
                "function": {"name": "web_search", "arguments": json.dumps({"query": topic})}}]})
            messages.append({"role": "tool", "tool_call_id": f"call_{number}", "content": f"Top result: a guide to {topic}."})
        messages.append({"role": "assistant", "content": assistant_text(rng, rng.random() < 0.12)})
        follow = PUSHBACK if rng.random() < 0.2 else USER_DETAIL
        messages.append({"role": "user", "content": rng.choice(follow)})
    messages.append({"role": "assistant", "content": assistant_text(rng, rng.random() < 0.12)})
    record["messages"] = messages
    if with_tools:
        record["tools"] = TOOLS
    return record


def main() -> None:
    out = sys.argv[1]
    target = int(float(sys.argv[2] if len(sys.argv) > 2 else 64) * 1_000_000)
    rng = random.Random(20260529)
    written = 0
    number = 0
    with open(out, "w", encoding="utf-8") as file:
        while written < target:
            line = json.dumps(conversation(rng, number), ensure_ascii=rng.random() < 0.1) + "\n"
            file.write(line)
            written += len(line.encode("utf-8"))
            number += 1


if __name__ == "__main__":
    main()
