// Browser tests only (docs/decisions/029-reminders.md): shifts this process's clock by the
// offset in milliseconds written to E2E_CLOCK_FILE, so a test can let a date pass (a locum's last
// day) in the running server and in the local sign-in provider alike. Only `Date` moves; timers,
// sockets and the database keep real time. The e2e launcher loads it (node --require); a
// production configuration refuses E2E_CLOCK_FILE (src/server/env.ts) and this file does nothing
// there either.
'use strict';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a --require preload is CommonJS
const fs = require('node:fs');

const file = process.env.E2E_CLOCK_FILE;
const production = process.env.NODE_ENV === 'production' && !['true', '1'].includes(process.env.DEMO_MODE ?? '');
const RealDate = globalThis.__ccRealDate ?? globalThis.Date;

if (file && !production && globalThis.Date === RealDate) {
  globalThis.__ccRealDate = RealDate;
  let offset = 0;
  let readAt = -Infinity;
  // Read at most every 100 ms of real time: cheap, and a test waits for the change anyway.
  const offsetMs = () => {
    const t = RealDate.now();
    if (t - readAt >= 100) {
      readAt = t;
      try {
        offset = Number(fs.readFileSync(file, 'utf8').trim()) || 0;
      } catch {
        offset = 0;
      }
    }
    return offset;
  };
  class ShiftedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + offsetMs());
      else super(...args);
    }
    static now() {
      return RealDate.now() + offsetMs();
    }
    // Own statics: Next.js rebuilds Date from the constructor's own properties, so inherited
    // ones (UTC, parse) would be lost.
    static UTC(...args) {
      return RealDate.UTC(...args);
    }
    static parse(s) {
      return RealDate.parse(s);
    }
    static [Symbol.hasInstance](value) {
      return value instanceof RealDate;
    }
  }
  globalThis.Date = ShiftedDate;
}
