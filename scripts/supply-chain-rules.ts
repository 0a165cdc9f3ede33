// Pure rules of the supply-chain check: which installed versions are acceptable, and what an
// `npm audit --json` answer means. No I/O here, so the rules have table tests.
import semver from 'semver';

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

/** Semver order (negative when a < b); a prerelease sorts before its release. */
export function compareVersions(a: string, b: string): number {
  const bad = [a, b].find((v) => !semver.valid(v));
  if (bad !== undefined) throw new Error(`Not a version: ${bad}`);
  return semver.compare(a, b);
}

/** A problem with one package, or null when the installed version is acceptable. */
export function checkRequirement(r: Requirement, installed: string | null): string | null {
  if (installed === null) return `${r.pkg} is not installed`;
  if (!semver.valid(installed)) return `${r.pkg} has an unreadable version "${installed}"`;
  if (r.exact)
    return installed === r.min
      ? null
      : `${r.pkg} ${installed} installed; must be exactly ${r.min} (${r.why})`;
  // A prerelease of the floor's own version (16.4.6-canary.1) is older than the floor, so refused.
  return semver.gte(installed, r.min)
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
