import { describe, expect, it } from 'vitest';
import {
  checkRequirement,
  compareVersions,
  REQUIREMENTS,
  summarizeAudit,
} from '../../scripts/supply-chain-rules';

describe('version order', () => {
  it.each([
    ['16.4.6', '16.4.6', 0],
    ['16.4.7', '16.4.6', 1],
    ['16.4.5', '16.4.6', -1],
    ['16.10.0', '16.9.9', 1], // numeric, not string, order
    ['17.0.0', '16.99.99', 1],
    ['16.4.6-canary.1', '16.4.6', -1], // a prerelease comes before its release
    ['16.4.7-canary.1', '16.4.6', 1],
    ['1.0.0-alpha.2', '1.0.0-alpha.10', -1],
    ['1.0.0-alpha', '1.0.0-alpha.1', -1],
    ['1.0.0-alpha.1', '1.0.0-beta', -1],
    ['v19.3.1', '19.3.1', 0],
    ['19.3.1+build.5', '19.3.1', 0],
  ])('%s vs %s', (a, b, sign) => {
    expect(Math.sign(compareVersions(a, b))).toBe(sign);
  });

  it('refuses what is not a version rather than guessing', () => {
    expect(() => compareVersions('latest', '1.0.0')).toThrow(/Not a version/);
  });
});

describe('requirements', () => {
  const next = REQUIREMENTS.find((r) => r.pkg === 'next')!;
  const nextAuth = REQUIREMENTS.find((r) => r.pkg === 'next-auth')!;

  it('names every package DESIGN.md sets a floor for', () => {
    expect(REQUIREMENTS.map((r) => r.pkg).sort()).toEqual([
      'next',
      'next-auth',
      'nodemailer',
      'react',
      'react-dom',
      'sharp',
    ]);
  });

  it('accepts the floor and later, refuses earlier, prereleases of the floor and missing packages', () => {
    expect(checkRequirement(next, '16.4.6')).toBeNull();
    expect(checkRequirement(next, '16.5.0')).toBeNull();
    expect(checkRequirement(next, '16.4.5')).toMatch(
      /next 16\.4\.5 installed; must be 16\.4\.6 or later/,
    );
    expect(checkRequirement(next, '16.4.6-canary.3')).toMatch(/must be 16\.4\.6 or later/);
    expect(checkRequirement(next, '15.5.9')).not.toBeNull();
    expect(checkRequirement(next, null)).toBe('next is not installed');
    expect(checkRequirement(next, 'garbage')).toMatch(/unreadable version/);
  });

  it('holds next-auth to its exact pinned version, newer included', () => {
    expect(checkRequirement(nextAuth, '4.24.15')).toBeNull();
    expect(checkRequirement(nextAuth, '4.24.16')).toMatch(/must be exactly 4\.24\.15/);
    expect(checkRequirement(nextAuth, '5.0.0-beta.30')).toMatch(/must be exactly/);
  });
});

describe('npm audit answers', () => {
  it('counts advisories and blocks on high and critical ones', () => {
    const report = JSON.stringify({
      auditReportVersion: 2,
      vulnerabilities: {
        next: { severity: 'critical' },
        pg: { severity: 'moderate' },
        zod: { severity: 'high' },
      },
      metadata: {
        vulnerabilities: { info: 0, low: 1, moderate: 1, high: 1, critical: 1, total: 4 },
      },
    });
    expect(summarizeAudit(report)).toEqual({
      kind: 'report',
      counts: { info: 0, low: 1, moderate: 1, high: 1, critical: 1 },
      blocking: ['next (critical)', 'zod (high)'],
    });
  });

  it('passes a clean report and one with only moderate findings', () => {
    const clean = JSON.stringify({
      vulnerabilities: {},
      metadata: { vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0 } },
    });
    expect(summarizeAudit(clean)).toMatchObject({ kind: 'report', blocking: [] });
  });

  it('reads a registry without an audit endpoint, a timeout or garbage as unavailable', () => {
    expect(
      summarizeAudit(JSON.stringify({ message: '405 Method Not Allowed', statusCode: 405 })),
    ).toEqual({ kind: 'unavailable', reason: '405 Method Not Allowed' });
    expect(summarizeAudit('')).toMatchObject({ kind: 'unavailable' });
    expect(summarizeAudit('npm ERR! network')).toMatchObject({ kind: 'unavailable' });
  });
});
