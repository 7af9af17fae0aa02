#!/usr/bin/env bash
# The whole test suite: install what the end-to-end tests need when missing, then fmt, clippy and
# every test. Used by developers and by CI (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)

if [ -f tests/setup-e2e.sh ]; then
  echo "==> installing end-to-end dependencies (when missing)"
  bash tests/setup-e2e.sh
fi

echo "==> cargo fmt --check"
cargo fmt --all -- --check

echo "==> cargo clippy"
cargo clippy --all-targets --locked -- -D warnings

echo "==> cargo test"
# Tests against real servers serialise themselves; the rest run in parallel.
log=$(mktemp)
set +e
cargo test --locked --all-targets --no-fail-fast 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

passed=$(grep -Eo '[0-9]+ passed' "$log" | awk '{s+=$1} END {print s+0}')
failed=$(grep -Eo '[0-9]+ failed' "$log" | awk '{s+=$1} END {print s+0}')
rm -f "$log"
echo "tests: ${passed} passed, ${failed} failed"
echo "==> done in $(( $(date +%s) - start ))s"
exit "$status"
