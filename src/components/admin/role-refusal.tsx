import type { ReactNode } from 'react';
import { Notice, PageHeader } from '@/components/ui';

/** A team page the viewer's roles do not open: what it is, who may see it, whom to ask. */
export function RoleRefusal(p: { title: string; who: string; children: ReactNode }) {
  return (
    <>
      <PageHeader title={p.title} />
      <Notice tone="warning" title={p.who}>
        {p.children}
      </Notice>
    </>
  );
}
