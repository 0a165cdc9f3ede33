import type { AgeTone } from '@/lib/business-days';
import { cx } from './cx';

export type Tone = 'success' | 'warning' | 'danger' | 'neutral' | 'info';

// Statuses from every status enum; anything unknown falls back to neutral with readable text.
const statusTones: Record<string, Tone> = {
  ACTIVE: 'success',
  APPROVED: 'success',
  ACCEPTED: 'success',
  APPLIED: 'success',
  SENT: 'success',
  INTAKE_SUBMITTED: 'info',
  DECLARATION_SUBMITTED: 'info',
  SUBMITTED: 'info',
  IN_REVIEW: 'info',
  REQUESTED: 'info',
  INVITED: 'info',
  INSTRUCTIONS_SENT: 'info',
  AWAITING_DECLARATION: 'warning',
  CHANGES_REQUESTED: 'warning',
  PENDING: 'warning',
  PENDING_REVIEW: 'warning',
  PENDING_SPONSOR: 'warning',
  DECLINED: 'danger',
  SUSPENDED: 'danger',
  REVOKED: 'danger',
  DEAD: 'danger',
  DRAFT: 'neutral',
  INACTIVE: 'neutral',
  ENDED: 'neutral',
  CLOSED: 'neutral',
};

// Tone classes live in globals.css: a badge is repeated on every row of a long list.
export const toneClasses: Record<Tone, string> = {
  success: 'tone-success',
  warning: 'tone-warning',
  danger: 'tone-danger',
  info: 'tone-info',
  neutral: 'tone-neutral',
};

// A waiting time's flag; the words carry the tone ("— overdue"), colour only reinforces it.
export const ageToneClass: Record<AgeTone, string> = {
  normal: '',
  amber: 'flag tone-warning',
  red: 'flag tone-danger',
};

/** "PENDING_REVIEW" → "Pending review". */
export function statusLabel(status: string): string {
  const words = status
    .trim()
    .replace(/[_\s]+/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function statusTone(status: string): Tone {
  return statusTones[status.trim().toUpperCase()] ?? 'neutral';
}

export type StatusBadgeProps = {
  status: string;
  /** Overrides the text when the status word alone would mislead in context. */
  label?: string;
  tone?: Tone;
  className?: string;
};

// The words carry the meaning; colour only reinforces it.
export function StatusBadge({ status, label, tone, className }: StatusBadgeProps) {
  return (
    <span
      className={cx(
        'badge',
        toneClasses[tone ?? statusTone(status)],
        className,
      )}
    >
      {label ?? statusLabel(status)}
    </span>
  );
}
