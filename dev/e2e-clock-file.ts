import os from 'node:os';
import path from 'node:path';

/** Where the e2e server's clock offset lives (dev/e2e-clock.cjs): one file per app port. */
export const e2eClockFile = (appPort: number) => path.join(os.tmpdir(), `cc-e2e-clock-${appPort}`);
