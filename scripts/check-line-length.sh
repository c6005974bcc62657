#!/usr/bin/env bash
# Fails when a Swift line in Sources/ is longer than 120 columns (characters,
# not bytes: box glyphs and arrows are one column each). .swift-format holds
# the same limit for `swift format` users.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 - <<'PY'
import pathlib, sys
long = [(p, n, len(l)) for p in sorted(pathlib.Path("Sources").rglob("*.swift"))
        for n, l in enumerate(p.read_text(encoding="utf-8").split("\n"), 1) if len(l) > 120]
for p, n, width in long:
    print(f"{p}:{n}: {width} columns (limit 120)")
sys.exit(1 if long else 0)
PY
