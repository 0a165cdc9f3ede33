import type { ReactNode } from 'react';
import { cx } from './cx';
import { Heading, type HeadingLevel } from './heading';

export type NoticeTone = 'info' | 'success' | 'warning' | 'danger';

const tones: Record<NoticeTone, { box: string; icon: string; word: string; symbol: string }> = {
  info: { box: 'border-info bg-info-bg', icon: 'bg-info', word: 'Information', symbol: 'i' },
  success: {
    box: 'border-success bg-success-bg',
    icon: 'bg-success',
    word: 'Success',
    symbol: '✓',
  },
  warning: {
    box: 'border-warning bg-warning-bg',
    icon: 'bg-warning-ink',
    word: 'Warning',
    symbol: '!',
  },
  danger: {
    box: 'border-danger bg-danger-bg',
    icon: 'bg-danger-ink',
    word: 'Important',
    symbol: '!',
  },
};

export type NoticeProps = {
  tone?: NoticeTone;
  title?: string;
  headingLevel?: HeadingLevel;
  children?: ReactNode;
  /**
   * Live-region role. Info and success default to "status" (announced politely when they appear);
   * warning and danger default to none, since a notice already on the page needs no interruption.
   * Pass "alert" only for something the person must hear immediately.
   */
  role?: 'status' | 'alert' | 'none';
  className?: string;
};

export function Notice({
  tone = 'info',
  title,
  headingLevel = 2,
  children,
  role,
  className,
}: NoticeProps) {
  const t = tones[tone];
  const liveRole = role ?? (tone === 'info' || tone === 'success' ? 'status' : 'none');
  return (
    <div
      role={liveRole === 'none' ? undefined : liveRole}
      className={cx('mb-6 flex gap-3 border-l-8 p-4 text-ink', t.box, className)}
    >
      <span
        aria-hidden="true"
        className={cx(
          'flex size-7 shrink-0 items-center justify-center rounded-full font-bold text-white',
          t.icon,
        )}
      >
        {t.symbol}
      </span>
      <div className="min-w-0">
        {title ? (
          <Heading level={headingLevel} className="text-lg font-bold">
            <span className="sr-only">{t.word}: </span>
            {title}
          </Heading>
        ) : (
          <span className="sr-only">{t.word}: </span>
        )}
        {children && <div className={cx(title && 'mt-1')}>{children}</div>}
      </div>
    </div>
  );
}
