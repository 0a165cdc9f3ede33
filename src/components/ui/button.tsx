import Link from 'next/link';
import type { ComponentProps, ReactNode } from 'react';
import { cx } from './cx';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'link';
export type ButtonSize = 'sm' | 'md' | 'lg';

const variants: Record<ButtonVariant, string> = {
  primary:
    'border-2 border-brand bg-brand text-white hover:border-brand-hover hover:bg-brand-hover',
  secondary: 'border-2 border-brand bg-white text-brand hover:bg-info-bg',
  danger:
    'border-2 border-danger bg-danger text-white hover:border-danger-hover hover:bg-danger-hover',
  link: 'border-2 border-transparent bg-transparent text-link underline underline-offset-2 hover:text-link-hover hover:decoration-2',
};

// Heights stay at 44px or more for md/lg so touch targets are comfortable.
const sizes: Record<ButtonSize, string> = {
  sm: 'min-h-9 px-3 py-1 text-sm',
  md: 'min-h-11 px-5 py-2 text-base',
  lg: 'min-h-12 px-6 py-3 text-lg',
};

export function buttonClasses({
  variant = 'primary',
  size = 'md',
  fullWidth = false,
  className,
}: {
  variant?: ButtonVariant;
  size?: ButtonSize;
  fullWidth?: boolean;
  className?: string;
} = {}): string {
  return cx(
    'inline-flex items-center justify-center gap-2 rounded font-semibold',
    variant !== 'link' && 'no-underline hover:no-underline',
    'disabled:opacity-60 aria-disabled:opacity-60',
    variants[variant],
    sizes[size],
    fullWidth && 'w-full',
    className,
  );
}

export type ButtonProps = ComponentProps<'button'> & {
  variant?: ButtonVariant;
  size?: ButtonSize;
  fullWidth?: boolean;
  /** While true the button is disabled and marked busy, so a slow server cannot be asked twice. */
  pending?: boolean;
  /** Shown instead of the children while pending, e.g. "Saving…". */
  pendingText?: ReactNode;
};

export function Button({
  variant,
  size,
  fullWidth,
  pending = false,
  pendingText,
  type = 'button',
  disabled,
  className,
  children,
  ...rest
}: ButtonProps) {
  return (
    <button
      {...rest}
      type={type}
      disabled={disabled || pending}
      aria-busy={pending || undefined}
      className={buttonClasses({ variant, size, fullWidth, className })}
    >
      {pending && pendingText ? pendingText : children}
    </button>
  );
}

export type ButtonLinkProps = ComponentProps<typeof Link> & {
  variant?: ButtonVariant;
  size?: ButtonSize;
  fullWidth?: boolean;
};

/** Navigation that should look like an action ("Start enrolment"). It stays a real link. */
export function ButtonLink({ variant, size, fullWidth, className, ...rest }: ButtonLinkProps) {
  return <Link {...rest} className={buttonClasses({ variant, size, fullWidth, className })} />;
}
