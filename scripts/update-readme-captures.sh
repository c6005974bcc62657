#!/usr/bin/env bash
# Regenerates the text captures in README.md: every ```text block between the
# kubehops-captures markers whose first line is `$ kubehops …` is replaced by
# what that command prints now. `swift test` fails while a capture is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build
UPDATE_README_CAPTURES=1 swift test --filter ReadmeCaptureTests
git --no-pager diff --stat -- README.md
