#!/usr/bin/env bash
# Fails when `swift format lint` (the toolchain's swift-format, configured by .swift-format) reports a
# rule finding in Sources/: a force unwrap or force try, unordered imports, a missing `///`, a name
# that breaks the naming rules and the other rules .swift-format turns on. The pretty-printer's
# whitespace findings (AddLines, RemoveLine, Indentation, Spacing, TrailingComma, LineLength) are
# not enforced: the code keeps its own hand-made line breaks (respectsExistingLineBreaks), and the
# 120-column limit is checked in characters by scripts/check-line-length.sh, where swift-format
# measures the lines it would re-wrap.
set -euo pipefail
cd "$(dirname "$0")/.."
layout='\[(AddLines|RemoveLine|Indentation|Spacing|TrailingComma|LineLength)\]'
findings=$(swift format lint --recursive Sources 2>&1 | grep -E 'warning|error' | grep -vE "$layout" || true)
if [ -n "$findings" ]; then
    printf '%s\n' "$findings"
    echo "swift format lint: $(printf '%s\n' "$findings" | wc -l) rule finding(s) in Sources/ (see .swift-format)"
    exit 1
fi
