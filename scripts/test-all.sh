#!/usr/bin/env bash
# npm test: every layer, failing if any fails. The unit suite runs a second time with the process
# clock at Sunday 23:30 Pacific (faketime) beside the browser journeys, which spend most of their
# time waiting on the browser; CI requires that run, a developer machine without faketime skips it.
set -euo pipefail
cd "$(dirname "$0")/.."

npm run test:unit
npm run test:int
npm run test:hard
npm run test:pages

sunday_log=$(mktemp)
sunday_pid=
if command -v faketime >/dev/null 2>&1; then
  npm run test:unit:sunday >"$sunday_log" 2>&1 &
  sunday_pid=$!
elif [ "${CI:-}" = "true" ]; then
  echo "faketime is not installed: CI needs it for the Sunday 23:30 unit run (apt-get install -y faketime)" >&2
  exit 1
else
  echo "faketime is not installed: skipping the unit run at Sunday 23:30 Pacific (apt-get install -y faketime)"
fi

e2e_status=0
npm run test:e2e || e2e_status=$?

sunday_status=0
if [ -n "$sunday_pid" ]; then
  wait "$sunday_pid" || sunday_status=$?
  printf '\n=== Unit tests again, the process clock at Sunday 23:30 Pacific (faketime) ===\n'
  cat "$sunday_log"
fi
rm -f "$sunday_log"

if [ "$e2e_status" -ne 0 ] || [ "$sunday_status" -ne 0 ]; then
  echo "Browser journeys exited $e2e_status, the Sunday unit run exited $sunday_status" >&2
  exit 1
fi
