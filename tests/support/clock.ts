// The tests' one clock. No other test file may call `new Date()` or `Date.now()` (a lint rule
// enforces it): every unit and integration test starts at a fixed instant, `SUITE_INSTANT`, so a
// suite gives the same answer on any day it runs. Only `Date` is shifted: timers, sockets and the
// database keep real time, and the shifted clock moves forward with real time from the instant
// it was set to (sessions and tokens age as they would), starting again at each test.
//
// Rows written through Prisma take `@default(now())` and `@updatedAt` from this same clock,
// and the portal never asks the database server for the time, so rows and rules always agree.

const at = (iso: string) => new Date(iso);

/**
 * Instants where a clock-dependent rule or test is most likely to be wrong (Pacific time is
 * the portal's business time zone; its offset is -8 h, or -7 h in daylight time).
 */
export const TRAPS = {
  /** Saturday noon Pacific: not a business day. */
  saturday: at('2026-01-10T12:00:00-08:00'),
  /** Sunday 23:30 Pacific: already Monday in UTC. */
  sundayLate: at('2026-01-11T23:30:00-08:00'),
  /** Wednesday 23:30 Pacific: the next day in UTC. */
  weekdayLate: at('2026-03-04T23:30:00-08:00'),
  /** Family Day, a BC statutory holiday (Monday). */
  statutoryHoliday: at('2026-02-16T10:00:00-08:00'),
  /** The Sunday daylight time starts, an hour after the missing 02:00–03:00. */
  springForward: at('2026-03-08T03:30:00-07:00'),
  /** The Monday after daylight time starts. */
  afterSpringForward: at('2026-03-09T09:00:00-07:00'),
  /** The first 01:30 of the Sunday daylight time ends (still daylight time). */
  fallBackFirst: at('2026-11-01T01:30:00-07:00'),
  /** The second 01:30 of that Sunday (standard time again). */
  fallBackSecond: at('2026-11-01T01:30:00-08:00'),
  /** 31 December 23:30 Pacific: already next year in UTC. */
  newYearsEve: at('2026-12-31T23:30:00-08:00'),
  /** An ordinary Tuesday morning, for contrast. */
  ordinaryTuesday: at('2026-06-16T09:00:00-07:00'),
} as const satisfies Record<string, Date>;

export type TrapName = keyof typeof TRAPS;

/** `[name, instant]` pairs for `it.each` / `describe.each`. */
export const TRAP_CASES = Object.entries(TRAPS) as [TrapName, Date][];

function suiteInstant(): Date {
  const raw = process.env.TEST_NOW;
  if (!raw) return TRAPS.sundayLate;
  const named = (TRAPS as Record<string, Date>)[raw];
  if (named) return named;
  const parsed = new Date(raw);
  if (Number.isNaN(parsed.getTime())) {
    throw new Error(`TEST_NOW must be an ISO instant or one of: ${Object.keys(TRAPS).join(', ')}; got "${raw}"`);
  }
  return parsed;
}

/** The instant each test file starts at: TEST_NOW (an ISO instant or a trap's name), else a Sunday 23:30 Pacific. */
export const SUITE_INSTANT = suiteInstant();

// The real Date, kept before anything replaces it.
const RealDate: DateConstructor = (globalThis as { __ccRealDate?: DateConstructor }).__ccRealDate ?? globalThis.Date;
(globalThis as { __ccRealDate?: DateConstructor }).__ccRealDate = RealDate;
let offsetMs = 0;

// `new Date()` and `Date.now()` read the real clock shifted by an offset: the test clock keeps
// millisecond resolution and moves on with real time (time-ordered ids stay ordered), and every
// other use of Date is the real one. Dates made before the shift still pass `instanceof Date`.
class ShiftedDate extends RealDate {
  constructor(...args: unknown[]) {
    if (args.length === 0) super(RealDate.now() + offsetMs);
    else super(...(args as [string | number | Date]));
  }
  static now(): number {
    return RealDate.now() + offsetMs;
  }
  static [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof RealDate;
  }
}

let suiteOffsetMs = 0;

/**
 * Replaces the global Date with the shifted one and sets the suite's instant: once per test
 * file, so within a file the clock only moves forward unless a test moves it.
 */
export function installTestClock(): void {
  if (globalThis.Date !== (ShiftedDate as unknown as DateConstructor)) globalThis.Date = ShiftedDate as unknown as DateConstructor;
  suiteOffsetMs = SUITE_INSTANT.getTime() - RealDate.now();
  offsetMs = suiteOffsetMs;
}

/** Moves the clock to `instant`; it then runs forward with real time. */
export function setNow(instant: Date): void {
  offsetMs = instant.getTime() - RealDate.now();
}

/** Undoes `setNow` and `advance`: back to the suite's clock, which has kept running meanwhile. */
export function resetNow(): void {
  offsetMs = suiteOffsetMs;
}

/** The test clock's current instant. */
export const now = (): Date => new Date();

/** The test clock's current instant, `ms` later (or earlier, when negative). */
export const fromNow = (ms: number): Date => new Date(Date.now() + ms);

/** Jumps the clock forward (or back) by `ms`. */
export function advance(ms: number): void {
  offsetMs += ms;
}

/** Seconds since 1970 on the test clock (signed webhook timestamps). */
export const unixSeconds = (): number => Math.floor(Date.now() / 1000);

/**
 * Real elapsed milliseconds since `start` (from `monotonic()`), for deadlines of a wait and for
 * fault tests that measure an outage. Never for what a test asserts about dates.
 */
export const monotonic = (): number => performance.now();

/**
 * The real wall clock, for rows shared with another process that keeps real time (the fault
 * tests' worker process, a production server in the browser tests). Not for assertions.
 */
export const wallClock = (): Date => new RealDate();
