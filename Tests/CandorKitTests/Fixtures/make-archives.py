#!/usr/bin/env python3
"""Writes the binary reader fixtures from the text ones: run from this directory after editing them."""
import gzip, json, zipfile

with open("sharegpt/conversations.jsonl", "rb") as source:
    text = source.read()
# With the original file name in the header (the FNAME field), as the gzip tool writes it.
with gzip.GzipFile("conversations.jsonl", "wb", fileobj=open("sharegpt/conversations.jsonl.gz", "wb"), mtime=0) as target:
    target.write(text)
# Stored (uncompressed) DEFLATE blocks, and two gzip members back to back.
with open("sharegpt/stored.jsonl.gz", "wb") as target:
    target.write(gzip.compress(text, compresslevel=0, mtime=0))
lines = text.splitlines(keepends=True)
with open("sharegpt/two-members.jsonl.gz", "wb") as target:
    target.write(gzip.compress(lines[0], mtime=0) + gzip.compress(lines[1], mtime=0))

# An inspect_ai .eval log: header.json stored, each sample deflated.
log = json.load(open("inspect/log.json"))
header = {key: value for key, value in log.items() if key != "samples"}
with zipfile.ZipFile("inspect/log.eval", "w") as archive:
    archive.writestr(zipfile.ZipInfo("header.json", (2025, 1, 1, 0, 0, 0)), json.dumps(header), zipfile.ZIP_STORED)
    for sample in log["samples"]:
        info = zipfile.ZipInfo(f"samples/{sample['id']}_epoch_{sample['epoch']}.json", (2025, 1, 1, 0, 0, 0))
        archive.writestr(info, json.dumps(sample, indent=1), zipfile.ZIP_DEFLATED)

# Zstandard frames written by the zstd tool (Debian's `zstd`), at a fast, a default and the
# highest usual level, and a text of more than one 128 KB block; ZstandardTests rebuilds it.
import subprocess
names = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf"]
words = "".join(f"{n} {names[n % 7]} {names[(n * 3) % 7]}\n" for n in range(9000)).encode()
for level, suffix in (("--fast=5", "fast"), ("-1", "1"), ("-19", "19")):
    subprocess.run(["zstd", "-q", "-f", level, "inspect/log.json", "-o", f"zstd/log-{suffix}.json.zst"], check=True)
for level in ("3", "19"):
    subprocess.run(["zstd", "-q", "-f", f"-{level}", "-", "-o", f"zstd/words-{level}.txt.zst"], input=words, check=True)
# inspect/zstd.eval is a log inspect-ai 0.3 wrote itself (its entries are Zstandard): a one-sample
# task ("Say hello") run on its mock model, `eval(task, model="mockllm/model")`.
