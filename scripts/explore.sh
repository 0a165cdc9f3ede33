#!/usr/bin/env bash
# Scheduled exploration, outside the landing path: the property-based tests with fresh random
# seeds (each printed, so a failure can be repeated with FC_SEED=<seed>), at every trap
# instant as the suite's start. `ROUNDS` sets how many seeds (default 5).
set -uo pipefail
cd "$(dirname "$0")/.."
rounds="${ROUNDS:-5}"
instants=(saturday sundayLate weekdayLate statutoryHoliday springForward afterSpringForward fallBackFirst fallBackSecond newYearsEve ordinaryTuesday)
failed=0
for ((i = 1; i <= rounds; i++)); do
  for at in "${instants[@]}"; do
    if ! FC_SEED=random TEST_NOW="$at" npx vitest run --project unit; then
      echo "exploration failed at TEST_NOW=$at (seed printed above)" >&2
      failed=1
    fi
  done
done
exit "$failed"
