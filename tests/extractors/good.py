#!/usr/bin/env python3
"""One incident per document, citing the first "killed" in its text."""
import json
import sys

for n, line in enumerate(sys.stdin, 1):
    doc = json.loads(line)
    text = doc["text"]
    start = text.find("killed")
    source = {"document": doc["id"]}
    if start >= 0:
        source["evidence"] = [{"field": "killed", "start": start, "end": start + 6}]
    print(json.dumps({"type": "incident", "id": f"ext-{n}", "killed": 1, "sources": [source]}))
