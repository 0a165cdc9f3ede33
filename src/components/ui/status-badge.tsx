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

export const toneClasses: Record<Tone, string> = {
  success: 'border-success bg-success-bg text-success-ink',
  warning: 'border-warning bg-warning-bg text-warning-ink',
  danger: 'border-danger bg-danger-bg text-danger-ink',
  info: 'border-info bg-info-bg text-info-ink',
  neutral: 'border-line bg-neutral-bg text-neutral-ink',
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
        'inline-block rounded border px-2 py-0.5 text-sm font-semibold whitespace-nowrap',
        toneClasses[tone ?? statusTone(status)],
        className,
      )}
    >
      {label ?? statusLabel(status)}
    </span>
  );
}
