// The portal's one clock. Every rule that depends on time takes `now` as an argument; where a
// caller has none to pass, it asks this module, never `new Date()` directly (a lint rule keeps it
// so). Tests fix it by faking `Date` (tests/support/clock.ts), which also governs the timestamps
// Prisma fills in for `@default(now())` and `@updatedAt`; the database server's own clock is never
// used for a rule, so rows and rules always agree on what "now" is.
export const clock = {
  now: (): Date => new Date(),
};
