#!/usr/bin/env bash
# kubehops against awk as whole processes on the same generated files, in one run: the
# ratios issue 18 sets targets for (parse of the 150,000-pod dump ≤ 2.5× awk's time, peak
# memory ≤ 150 MiB). Each command runs RUNS times, alternating with awk so that load hits
# both alike; the median wall time, the median CPU time (user+sys) and the peak resident
# memory are printed with the ratio. Usage: scripts/compare-awk.sh [RUNS] (default 5).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
swift build -c release --product kubehops >/dev/null
swift build -c release --product kubehops-bench >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
.build/release/kubehops-bench --generate "$work" >/dev/null
dumps="$work/5000-nodes"
kubehops="$PWD/.build/release/kubehops"

# One measurement: "wall cpu maxKiB" of a command whose output is discarded.
measure() {
    /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >/dev/null 2>&1 || true
    read -r wall user sys kib <"$work/time"
    echo "$wall $(echo "$user + $sys" | bc -l) $kib"
}

median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

compare() {
    local label="$1" file="$2"; shift 2
    : >"$work/k" && : >"$work/a"
    for _ in $(seq 1 "$runs"); do
        measure "$@" >>"$work/k"
        measure awk '{print $7}' "$file" >>"$work/a"
    done
    local kw kc km aw ac
    kw="$(cut -d' ' -f1 "$work/k" | median)"; kc="$(cut -d' ' -f2 "$work/k" | median)"
    km="$(cut -d' ' -f3 "$work/k" | sort -g | tail -1)"
    aw="$(cut -d' ' -f1 "$work/a" | median)"; ac="$(cut -d' ' -f2 "$work/a" | median)"
    printf '%-34s wall %6.2fs vs awk %5.2fs (%4.1fx)  cpu %6.2fs vs %5.2fs (%4.1fx)  peak %4d MiB\n' \
        "$label" "$kw" "$aw" "$(echo "$kw / ($aw + 0.005)" | bc -l)" "$kc" "$ac" \
        "$(echo "$kc / ($ac + 0.005)" | bc -l)" "$((km / 1024))"
}

echo "5,000 nodes, $(wc -l <"$dumps/pods.txt") pod lines ($(du -m "$dumps/pods.txt" | cut -f1) MB), median of $runs runs:"
compare "kubehops parse pods.txt" "$dumps/pods.txt" "$kubehops" parse "$dumps/pods.txt"
compare "kubehops parse nodes+pods+services" "$dumps/pods.txt" \
    "$kubehops" parse "$dumps/nodes.txt" "$dumps/pods.txt" "$dumps/services.txt"
compare "kubehops parse --format json pods.txt" "$dumps/pods.txt" "$kubehops" parse --format json "$dumps/pods.txt"
compare "kubehops print (whole picture)" "$dumps/pods.txt" \
    "$kubehops" print --compact --width 200 "$dumps/nodes.txt" "$dumps/pods.txt" "$dumps/services.txt"
