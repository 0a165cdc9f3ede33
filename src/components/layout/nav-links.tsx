'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { cx } from '@/components/ui/cx';

export type NavItem = { href: string; label: string };

/** The link for the section the path is in: the longest href that is the path or a parent of it. */
export function currentHref(pathname: string, items: readonly NavItem[]): string | undefined {
  let best: string | undefined;
  for (const { href } of items) {
    const matches =
      href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
    if (matches && (best === undefined || href.length > best.length)) best = href;
  }
  return best;
}

export function NavLinks({ items }: { items: readonly NavItem[] }) {
  const pathname = usePathname() ?? '';
  const current = currentHref(pathname, items);
  return (
    <ul className="flex flex-wrap gap-x-1 gap-y-1">
      {items.map((item) => {
        const isCurrent = item.href === current;
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={isCurrent ? 'page' : undefined}
              className={cx(
                'block border-b-4 px-3 py-3 font-semibold text-brand no-underline hover:text-brand hover:underline',
                isCurrent ? 'border-brand' : 'border-transparent',
              )}
            >
              {item.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
