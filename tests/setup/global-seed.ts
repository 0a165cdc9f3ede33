// Runs once per test run, before any worker: fixes the seed of every property-based test so a
// run can be repeated exactly. FC_SEED=<number> repeats a run; FC_SEED=random explores (the
// scheduled exploration, `npm run test:explore`, does that). Workers inherit the variable.
import { randomInt } from 'node:crypto';

export const DEFAULT_FC_SEED = 20261207;

export default function setup() {
  const raw = process.env.FC_SEED;
  const seed = raw === 'random' ? randomInt(2 ** 31 - 1) : raw ? Number(raw) : DEFAULT_FC_SEED;
  if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be a whole number or "random"; got "${raw}"`);
  process.env.FC_SEED = String(seed);
  process.stdout.write(`Property-based tests use fast-check seed ${seed} (repeat with FC_SEED=${seed}).\n`);
}
