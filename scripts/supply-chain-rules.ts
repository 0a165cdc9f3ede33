// Pure rules of the supply-chain check: which installed versions are acceptable, and what an
// `npm audit --json` answer means. No I/O here, so the rules have table tests.

export type Requirement = { pkg: string; min: string; exact?: boolean; why: string };

// DESIGN.md "Stack": the floors below which published advisories apply, or the pinned line.
export const REQUIREMENTS: readonly Requirement[] = [
  {
    pkg: 'next',
    min: '16.4.6',
    why: 'earlier 16.x lines carry published RSC and proxy advisories',
  },
  { pkg: 'react', min: '19.3.1', why: 'RSC advisories fixed in 19.3.1' },
  { pkg: 'react-dom', min: '19.3.1', why: 'RSC advisories fixed in 19.3.1' },
  {
    pkg: 'next-auth',
    min: '4.24.15',
    exact: true,
    why: 'pinned exactly: the only stable line, reviewed as is',
  },
  { pkg: 'nodemailer', min: '10.0.0', why: 'the major the outbox was built and tested on' },
  {
    pkg: 'sharp',
    min: '0.35.5',
    why: 're-encodes uploaded screenshots; the reviewed version is the floor',
  },
];

type Parsed = { nums: [number, number, number]; pre: string | null };

export function parseVersion(v: string): Parsed | null {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(v.trim());
  if (!m) return null;
  return { nums: [Number(m[1]), Number(m[2]), Number(m[3])], pre: m[4] ?? null };
}

/** Semver order: negative when a < b. A prerelease sorts before its release (16.5.0-canary < 16.5.0). */
export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  if (!x || !y) throw new Error(`Not a version: ${!x ? a : b}`);
  for (let i = 0; i < 3; i++) if (x.nums[i] !== y.nums[i]) return x.nums[i]! - y.nums[i]!;
  if (x.pre === y.pre) return 0;
  if (x.pre === null) return 1;
  if (y.pre === null) return -1;
  const px = x.pre.split('.');
  const py = y.pre.split('.');
  for (let i = 0; i < Math.max(px.length, py.length); i++) {
    const [p, q] = [px[i], py[i]];
    if (p === undefined) return -1;
    if (q === undefined) return 1;
    const [np, nq] = [/^\d+$/.test(p) ? Number(p) : NaN, /^\d+$/.test(q) ? Number(q) : NaN];
    if (!Number.isNaN(np) && !Number.isNaN(nq)) {
      if (np !== nq) return np - nq;
    } else if (p !== q) return p < q ? -1 : 1;
  }
  return 0;
}

/** A problem with one package, or null when the installed version is acceptable. */
export function checkRequirement(r: Requirement, installed: string | null): string | null {
  if (installed === null) return `${r.pkg} is not installed`;
  if (!parseVersion(installed)) return `${r.pkg} has an unreadable version "${installed}"`;
  if (r.exact)
    return installed === r.min
      ? null
      : `${r.pkg} ${installed} installed; must be exactly ${r.min} (${r.why})`;
  // A prerelease of the floor's own version (16.4.6-canary.1) is older than the floor, so refused.
  return compareVersions(installed, r.min) >= 0
    ? null
    : `${r.pkg} ${installed} installed; must be ${r.min} or later (${r.why})`;
}

export type AuditSummary =
  | { kind: 'unavailable'; reason: string }
  | {
      kind: 'report';
      counts: Record<'info' | 'low' | 'moderate' | 'high' | 'critical', number>;
      blocking: string[];
    };

/** Reads `npm audit --omit=dev --json`. Anything that is not a report means the registry did not answer. */
export function summarizeAudit(stdout: string): AuditSummary {
  let json: {
    metadata?: { vulnerabilities?: Record<string, number> };
    vulnerabilities?: Record<string, { severity?: string }>;
    message?: string;
    error?: { summary?: string };
  };
  try {
    json = JSON.parse(stdout);
  } catch {
    return { kind: 'unavailable', reason: 'npm audit did not answer with JSON' };
  }
  const v = json.metadata?.vulnerabilities;
  if (!v)
    return {
      kind: 'unavailable',
      reason: json.message ?? json.error?.summary ?? 'no audit report',
    };
  const counts = {
    info: v.info ?? 0,
    low: v.low ?? 0,
    moderate: v.moderate ?? 0,
    high: v.high ?? 0,
    critical: v.critical ?? 0,
  };
  const blocking = Object.entries(json.vulnerabilities ?? {})
    .filter(([, x]) => x.severity === 'high' || x.severity === 'critical')
    .map(([name, x]) => `${name} (${x.severity})`)
    .sort();
  return { kind: 'report', counts, blocking };
}
