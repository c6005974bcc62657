#!/usr/bin/env bash
# Lists the functions, initialisers, subscripts, computed properties and
# closures-as-bodies (a stored property's `= { … }()` or `= Make { … }`) in
# Sources/ that are longer than 60 lines (issue 12: no function over about 60
# lines). A length counts the lines from the declaration's keyword to its
# closing brace, both included; a nested function is listed on its own and
# also counts in the function around it. Braces are matched after strings
# (plain, multi-line, raw, with interpolations) and comments (line, nested
# block) are blanked out, which needs no Swift parser.
#
# Prints `path:line: Name (kind) N lines`, longest first, and fails when any
# is found. Options: --report (print, never fail), --limit N, then the folders
# to scan (Sources/ when none are given).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 - "$@" <<'PY'
import pathlib, re, sys

args = sys.argv[1:]
report_only = "--report" in args
args = [a for a in args if a != "--report"]
limit = 60
if "--limit" in args:
    at = args.index("--limit")
    limit = int(args[at + 1])
    del args[at:at + 2]
ROOTS = [pathlib.Path(root) for root in (args or ["Sources"])]


def blank(text):
    """The text with string contents and comments replaced by spaces (newlines kept), so braces are code."""
    out = list(text)
    n = len(text)

    def wipe(start, end):
        for k in range(start, min(end, n)):
            if out[k] != "\n":
                out[k] = " "

    def code(i, closing_paren):
        """Scans code from i; with closing_paren, stops after the `)` that ends an interpolation."""
        depth = 0
        while i < n:
            c = text[i]
            if text.startswith("//", i):
                end = text.find("\n", i)
                end = n if end < 0 else end
                wipe(i, end)
                i = end
            elif text.startswith("/*", i):
                i = block_comment(i)
            elif c == '"' or (c == "#" and re.match(r'#+"', text[i:i + 8])):
                i = string(i)
            elif closing_paren and c == "(":
                depth += 1
                i += 1
            elif closing_paren and c == ")":
                if depth == 0:
                    return i + 1
                depth -= 1
                i += 1
            else:
                i += 1
        return i

    def block_comment(i):
        start, depth = i, 0
        while i < n:
            if text.startswith("/*", i):
                depth += 1
                i += 2
            elif text.startswith("*/", i):
                depth -= 1
                i += 2
                if depth == 0:
                    break
            else:
                i += 1
        wipe(start, i)
        return i

    def string(i):
        start = i
        hashes = 0
        while text[i] == "#":
            hashes += 1
            i += 1
        multiline = text.startswith('"""', i)
        i += 3 if multiline else 1
        closing = ('"""' if multiline else '"') + "#" * hashes
        escape = "\\" + "#" * hashes
        piece = start
        while i < n:
            if text.startswith(escape, i):
                after = i + len(escape)
                if after < n and text[after] == "(":
                    wipe(piece, after + 1)
                    i = code(after + 1, True)
                    piece = i - 1  # the interpolation's `)` is blanked with what follows
                else:
                    i = after + 1
            elif text.startswith(closing, i):
                i += len(closing)
                break
            elif text[i] == "\n" and not multiline:
                break  # an unterminated string: stop at the line's end
            else:
                i += 1
        wipe(piece, i)
        return i

    code(0, False)
    return "".join(out)


TYPE = r"(struct|enum|class|actor|protocol|extension)\s+(?!(?:func|var|let|init|subscript|override|final|static)\b)([A-Za-z_][\w.]*)"
DECLARATION = re.compile(
    TYPE
    + r"|\b(func)\s+([^\s(<]+)"
    + r"|(?<![.\w])(init)[?!]?\s*[(<]"
    + r"|(?<![.\w])(deinit)\b"
    + r"|(?<![.\w])(subscript)\s*[(<]"
    + r"|\b(var|let)\s+([A-Za-z_]\w*)"
)


def declaration(head):
    """(kind, name, offset in head) of the last declaration in the text before a `{`, or None."""
    last = None
    for last in DECLARATION.finditer(head):
        pass
    if last is None:
        return None
    g = last.groups()
    if g[0]:
        return ("type", g[1], last.start())
    if g[2]:
        return ("func", g[3], last.start())
    if g[4]:
        return ("init", "init", last.start())
    if g[5]:
        return ("deinit", "deinit", last.start())
    if g[6]:
        return ("subscript", "subscript", last.start())
    rest = head[last.end():]
    kind = "closure" if "=" in rest else "property"
    return (kind, g[8], last.start())


def units(path):
    """(line, qualified name, kind, lines) of every function-like body in one file."""
    text = blank(path.read_text(encoding="utf-8"))
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_of(offset):
        lo, hi = 0, len(line_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if line_starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1

    # (role, qualified name, start offset, kind): role is "type", "body" (a unit) or "inner"
    stack = []
    found = []
    head_start = 0
    for i, c in enumerate(text):
        if c == "{":
            head = text[head_start:i]
            in_body = any(role == "body" for role, *_ in stack)
            decl = declaration(head)
            outer = next((name for role, name, *_ in reversed(stack) if role != "inner"), None)
            if decl:
                qualified = decl[1] if outer is None else outer + "." + decl[1]
            if decl and decl[0] == "type":
                stack.append(("type", qualified, 0, "type"))
            elif decl and (not in_body or decl[0] == "func"):
                stack.append(("body", qualified, head_start + decl[2], decl[0]))
            else:
                stack.append(("inner", None, 0, None))
            head_start = i + 1
        elif c == "}":
            if stack:
                role, name, start, kind = stack.pop()
                if role == "body":
                    first = line_of(start)
                    found.append((first, name, kind, line_of(i) - first + 1))
            head_start = i + 1
        elif c == ";":
            head_start = i + 1
    return found


long = []
for root in ROOTS:
    for path in sorted(root.rglob("*.swift")):
        for line, name, kind, lines in units(path):
            if lines > limit:
                long.append((lines, f"{path}:{line}: {name} ({kind}) {lines} lines"))
for _, text in sorted(long, key=lambda item: (-item[0], item[1])):
    print(text)
if long:
    print(f"{len(long)} over {limit} lines", file=sys.stderr)
sys.exit(1 if long and not report_only else 0)
PY
