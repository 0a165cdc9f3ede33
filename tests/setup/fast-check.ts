// Every property-based test draws from the run's seed (tests/setup/global-seed.ts).
import fc from 'fast-check';
import { DEFAULT_FC_SEED } from './global-seed';

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? DEFAULT_FC_SEED) });
