#!/usr/bin/env bash
# Fails when one type name is declared in two targets (issue 12: one home for
# each idea). A target is a folder under Sources/, Tests/ or Benchmarks/; a
# nested type counts by its qualified name (Outer.Inner), so `Flow.Kind` and
# `Place.Kind` are different names, and nested `CodingKeys` never count.
# Private types count too: a reader searching for a name should find one home.
# Declarations are found by indentation (four spaces a level, as the code is
# written), which needs no Swift parser. Prints `Name: TargetA, TargetB` lines.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 - "$@" <<'PY'
import pathlib, re, sys
from collections import defaultdict

ROOTS = [pathlib.Path(root) for root in (sys.argv[1:] or ["Sources", "Tests", "Benchmarks"])]
MODIFIERS = r"(?:(?:public|package|internal|private|fileprivate|open|final|indirect|nonisolated|@\w+(?:\([^)]*\))?)\s+)*"
DECLARATION = re.compile(r"^(\s*)" + MODIFIERS + r"(struct|enum|class|actor|protocol|typealias|extension)\s+([A-Za-z_][\w.]*)")

def declarations(path):
    """(qualified name) of every type declared in one file; extensions only give their nested types a prefix."""
    stack = []  # (indent, qualified name) of the enclosing types and extensions
    in_multiline_string = False
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.count('"""') % 2 == 1:
            in_multiline_string = not in_multiline_string
            continue
        if in_multiline_string or line.lstrip().startswith("//"):
            continue
        match = DECLARATION.match(line)
        if not match:
            continue
        indent, keyword, name = len(match.group(1).expandtabs(4)), match.group(2), match.group(3)
        while stack and stack[-1][0] >= indent:
            stack.pop()
        qualified = name if keyword == "extension" or not stack else stack[-1][1] + "." + name
        stack.append((indent, qualified))
        if keyword != "extension" and name != "CodingKeys":
            yield qualified

homes = defaultdict(set)
for root in ROOTS:
    for path in sorted(root.rglob("*.swift")):
        target = path.relative_to(root).parts[0]
        for name in declarations(path):
            homes[name].add(f"{root.name}/{target}")

duplicates = sorted((name, sorted(targets)) for name, targets in homes.items() if len(targets) > 1)
for name, targets in duplicates:
    print(f"{name}: {', '.join(targets)}")
sys.exit(1 if duplicates else 0)
PY
