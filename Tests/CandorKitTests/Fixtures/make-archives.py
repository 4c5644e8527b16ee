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
