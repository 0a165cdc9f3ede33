import { pacificDate } from './business-days';

// Residency and locum end dates (SPEC §8) are the last day that counts, in Pacific time. Entering
// one that has already passed would end the membership the moment it is saved.

export const END_DATE_IN_PAST = 'The end date must be today or later';

/** `end` (YYYY-MM-DD) is before today in Pacific time at `now`; today itself is allowed. */
export const endDateInPast = (end: string, now: Date): boolean => end < pacificDate(now);
