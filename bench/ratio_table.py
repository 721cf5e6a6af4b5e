#!/usr/bin/env python3
"""Markdown table of a hyperfine --export-json file: each command's mean and the ratio
of the first command's mean to it.   ratio_table.py RESULTS.json "NAME OF THE FIRST" """
import json
import sys

results = json.load(open(sys.argv[1]))["results"]
base = results[0]["mean"]
print(f"| command | mean (ms) | σ (ms) | {sys.argv[2]} ÷ this |")
print("|---|---|---|---|")
for x in results:
    print(f"| `{x['command']}` | {x['mean']*1e3:.1f} | {x['stddev']*1e3:.1f} | {base/x['mean']:.2f}x |")
