#!/usr/bin/env bash
# Fuzzes the kubectl text parser and the node rules dump parsers with libFuzzer for SECONDS (default 60).
#   .ci/fuzz.sh [SECONDS]
#   FUZZ_RUNS=4000 FUZZ_SEED=1 .ci/fuzz.sh   # a fixed, repeatable run (CI)
# Builds TerminalText + ClusterModel + KubeText + .ci/fuzz/KubeTextFuzz.swift with
# `swiftc -sanitize=fuzzer,address` outside SwiftPM (without Yams: YAML
# documents are then reported, not read; everything else is the real code),
# seeds from samples/, Tests/Data/Corpus/, Tests/Data/Describe/ (kubectl describe), Tests/Data/LabelColumns/
# (-L columns) and Tests/Data/Policy/
# (NetworkPolicy, namespace and ClusterNetworkPolicy JSON and tables), and keeps what it finds in
# fuzz-artifacts/ (git-ignored). Exits non-zero when a crash was found.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
build=".build/fuzz"
mkdir -p "$build" fuzz-artifacts
flags=(-sanitize=fuzzer,address -parse-as-library -O -g -swift-version 6)

swiftc "${flags[@]}" -module-name TerminalText -wmo -emit-module -emit-module-path "$build/TerminalText.swiftmodule" \
    -c Sources/TerminalText/*.swift -o "$build/TerminalText.o"
swiftc "${flags[@]}" -module-name ClusterModel -wmo -emit-module -emit-module-path "$build/ClusterModel.swiftmodule" \
    -c Sources/ClusterModel/*.swift -o "$build/ClusterModel.o"
# -enable-testing: the target compares the aligned-row fast path with the
# general one through KubeText's internal LineParser.
swiftc "${flags[@]}" -enable-testing -module-name KubeText -wmo -I "$build" -emit-module -emit-module-path "$build/KubeText.swiftmodule" \
    -c Sources/KubeText/*.swift -o "$build/KubeText.o"
# The node rules dump parsers (iptables-save, nft list, ipvsadm) take the same bytes.
swiftc "${flags[@]}" -module-name ProxyRules -wmo -I "$build" -emit-module -emit-module-path "$build/ProxyRules.swiftmodule" \
    -c Sources/ProxyRules/*.swift -o "$build/ProxyRules.o"
swiftc "${flags[@]}" -module-name KubeTextFuzz -I "$build" .ci/fuzz/KubeTextFuzz.swift .ci/fuzz/NodeDumpFuzz.swift \
    "$build/TerminalText.o" "$build/ClusterModel.o" "$build/KubeText.o" "$build/ProxyRules.o" -o "$build/kubetext-fuzz"

seeds=(samples Tests/Data/Corpus Tests/Data/Describe Tests/Data/LabelColumns Tests/Data/Policy Tests/Data/ProxyRules/dumps Tests/Data/ProxyRules/iptables)
limits=(-max_total_time="$seconds")
if [ -n "${FUZZ_RUNS:-}" ]; then
    # A run count and seed make the inputs tried the same on every machine,
    # so CI fails only when a change breaks something, not by luck.
    limits=(-runs="$FUZZ_RUNS" -seed="${FUZZ_SEED:-1}")
    corpus="$build/ci-corpus"
    rm -rf "$corpus"
else
    corpus="fuzz-artifacts/corpus"
fi
mkdir -p "$corpus"
echo "fuzz: ${limits[*]}, seeds: ${seeds[*]}"
"$build/kubetext-fuzz" "${limits[@]}" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix=fuzz-artifacts/ -print_final_stats=1 "$corpus" "${seeds[@]}"
