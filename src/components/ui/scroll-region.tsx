'use client';

import { useEffect, useRef, useState, type ReactNode } from 'react';

// A region that scrolls sideways must be reachable by keyboard (to scroll it) and named (so the
// stop makes sense). Only when it actually overflows: otherwise it would be an empty Tab stop.
// It starts as scrollable so server HTML is accessible before scripts run.
export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrollable, setScrollable] = useState(true);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setScrollable(el.scrollWidth > el.clientWidth + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    if (el.firstElementChild) observer.observe(el.firstElementChild);
    return () => observer.disconnect();
  }, []);

  return (
    <div
      ref={ref}
      className="mb-6 overflow-x-auto"
      role={scrollable ? 'region' : undefined}
      aria-label={scrollable ? `${label} (scrolls sideways)` : undefined}
      tabIndex={scrollable ? 0 : undefined}
    >
      {children}
    </div>
  );
}
