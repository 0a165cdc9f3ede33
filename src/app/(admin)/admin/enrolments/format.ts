import type { AgeTone } from '@/lib/business-days';

// People in BC read times in Pacific time.
const dateTime = new Intl.DateTimeFormat('en-CA', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'America/Vancouver' });
const dateOnly = new Intl.DateTimeFormat('en-CA', { dateStyle: 'medium', timeZone: 'America/Vancouver' });

export const pacificDateTime = (d: Date) => `${dateTime.format(d)} Pacific`;
export const pacificDay = (d: Date) => dateOnly.format(d);

// The words carry the tone ("— overdue"); colour only reinforces it.
export const ageToneClass: Record<AgeTone, string> = {
  normal: '',
  amber: 'rounded border border-warning bg-warning-bg px-2 py-0.5 font-semibold text-warning-ink',
  red: 'rounded border border-danger bg-danger-bg px-2 py-0.5 font-semibold text-danger-ink',
};
