#!/usr/bin/env bash
# Times the real live view (release build) on the benchmark's 5,000-node dumps
# (150,000 pods, 10,000 services), in a private tmux server at 200x60: when the
# first picture with pods appears, when the complete picture is on screen
# (input ended, no layout pending), the process's CPU time (all threads) and
# its peak resident memory (VmHWM); then the share of a core the view takes
# while a NodePort flow plays (issue 18: < 3 %) and once it is stopped (0).
# The benchmark times the same work without threads; this is what a user
# waits for. Usage: scripts/measure-view.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
swift build -c release --product kubehops >/dev/null 2>&1
swift build -c release --product kubehops-bench >/dev/null 2>&1
work="$(mktemp -d)"
socket=""
trap '[ -n "$socket" ] && tmux -L "$socket" kill-server 2>/dev/null; rm -rf "$work"' EXIT
.build/release/kubehops-bench --generate "$work" >/dev/null
dumps="$work/5000-nodes"
binary="$PWD/.build/release/kubehops"
ticks="$(getconf CLK_TCK)"

# The share of one core (%) process $1 used over the next $2 seconds.
core_share() {
    local before after
    before="$(awk '{print $14 + $15}' "/proc/$1/stat")"
    sleep "$2"
    after="$(awk '{print $14 + $15}' "/proc/$1/stat")"
    echo "scale=1; 100 * ($after - $before) / ($ticks * $2)" | bc
}

for run in $(seq 1 "$runs"); do
    # A server per run: a new session on a server still shutting down fails.
    socket="kubehops-measure-$$-$run"
    tmux -L "$socket" -f /dev/null new-session -d -s view -x 200 -y 60 \
        "env TERM=xterm-256color LANG=C.UTF-8 '$binary' '$dumps/nodes.txt' '$dumps/pods.txt' '$dumps/services.txt'; sleep 60"
    start="$(date +%s.%N)"
    pid="" first="" complete=""
    for _ in $(seq 1 3000); do
        [ -z "$pid" ] && pid="$(pgrep -n -f "^$binary $dumps" || true)"
        status="$(tmux -L "$socket" capture-pane -p -t view | tail -1)"
        now="$(date +%s.%N)"
        if [ -z "$first" ] && [[ "$status" == *" pods"* ]] && [[ "$status" != *" 0 pods"* ]]; then
            first="$(echo "$now - $start" | bc)"
        fi
        if [[ "$status" == *"input ended"* ]] && [[ "$status" != *"laying out"* ]]; then
            complete="$(echo "$now - $start" | bc)"
            break
        fi
        sleep 0.02
    done
    peak="?" cpu="?"
    if [ -n "$pid" ]; then
        peak="$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status")"
        cpu="$(awk -v t="$ticks" '{printf "%.2f", ($14 + $15) / t}' "/proc/$pid/stat")"
    fi
    echo "run $run: first picture ${first:-?} s, complete picture ${complete:-?} s, cpu ${cpu} s, peak ${peak} MiB"
    if [ -n "$pid" ] && [ -n "$complete" ]; then
        # Tab selects the first box, f lists its flows, Enter plays the first (a NodePort flow here).
        for key in Tab f Enter; do tmux -L "$socket" send-keys -t view "$key"; sleep 0.5; done
        sleep 2
        playing="$(core_share "$pid" 10)"
        tmux -L "$socket" capture-pane -p -t view | tail -1 | grep -q "flow playing" || playing="? (no flow playing)"
        tmux -L "$socket" send-keys -t view Escape
        sleep 1
        echo "run $run: a flow playing takes ${playing} % of a core, stopped $(core_share "$pid" 5) %"
    fi
    tmux -L "$socket" send-keys -t view q
    sleep 0.5
    tmux -L "$socket" kill-server 2>/dev/null || true
done
echo "(wall times include tmux and 20 ms polling; load average now: $(cut -d' ' -f1-3 /proc/loadavg))"
