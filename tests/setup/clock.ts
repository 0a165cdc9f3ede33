// Each unit and integration test file starts at the suite's fixed instant
// (tests/support/clock.ts); a test that moves the clock has it put back afterwards.
import { afterEach } from 'vitest';
import { installTestClock, resetNow } from '../support/clock';

installTestClock();
afterEach(() => resetNow());
