#!/usr/bin/env bash
# Runs a command with the process clock (the real one, below the tests' own clock) moved to a
# UTC instant, e.g. `bash scripts/at-instant.sh '2026-01-12 07:30:00' vitest run --project unit`.
# The clock keeps running from there; monotonic time is left alone so timers behave.
set -euo pipefail
instant="$1"
shift
if ! command -v faketime >/dev/null 2>&1; then
  echo "faketime is not installed (Debian: apt-get install -y faketime)" >&2
  exit 1
fi
export TZ=UTC FAKETIME_DONT_FAKE_MONOTONIC=1
exec faketime -f "@${instant}" npx "$@"
