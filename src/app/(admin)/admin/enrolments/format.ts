import type { AgeTone } from '@/lib/business-days';

// The words carry the tone ("— overdue"); colour only reinforces it.
export const ageToneClass: Record<AgeTone, string> = {
  normal: '',
  amber: 'rounded border border-warning bg-warning-bg px-2 py-0.5 font-semibold text-warning-ink',
  red: 'rounded border border-danger bg-danger-bg px-2 py-0.5 font-semibold text-danger-ink',
};
