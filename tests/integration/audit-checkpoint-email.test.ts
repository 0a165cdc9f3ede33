import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkpointExport, checkpointSignatureValid, parseCheckpointExport } from '@/lib/audit-checkpoint';
import { audit } from '@/server/audit';
import { auditSigningKey, emailCheckpoint, emailLatestCheckpoint, sealAll } from '@/server/audit-sealer';
import { db } from '@/server/db';
import { now } from '../support/clock';

const TO = 'privacy-office@example.org';
const write = (action: string) =>
  db().$transaction((tx) => audit(tx, { actor: { type: 'SYSTEM', label: 'test' }, action, target: { type: 'WORKSITE', id: 'ws-1' } }));
const mails = () => db().outboxEmail.findMany({ where: { template: 'audit.checkpoint' }, orderBy: { createdAt: 'asc' } });
const latest = () => db().auditCheckpoint.findFirstOrThrow({ orderBy: { seq: 'desc' } });
const exportedIn = (text: string) => /careconnect-audit-checkpoint\/v1\n[\s\S]*?\nsignature \S+\n/.exec(text)?.[0] ?? '';

function runCli(env: Record<string, string | undefined>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const tsx = path.resolve('node_modules', '.bin', 'tsx');
  return new Promise((resolve) => {
    execFile(tsx, ['--conditions=react-server', 'scripts/audit-verify.ts', ...args], { env: { ...process.env, ...env } }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("the privacy office's copy of a checkpoint", () => {
  it('is queued by the sealer at most once a Pacific day, as the exported text, even from several instances', async () => {
    const day1 = now();
    await write('test.email.first');
    await sealAll({ now: day1, privacyOffice: TO });
    const first = await latest();
    let queued = await mails();
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ toAddress: TO, status: 'PENDING' });
    // The same text `--export` writes, and it checks out against the key.
    const text = exportedIn(queued[0]!.textBody);
    expect(text).toBe(checkpointExport(first));
    const parsed = parseCheckpointExport(text);
    expect(parsed && checkpointSignatureValid(parsed, auditSigningKey())).toBe(true);
    expect(queued[0]!.htmlBody).toContain(first.headHash);

    // Later the same day: this instance does not queue again, nor does another one asking directly.
    await write('test.email.later');
    await sealAll({ now: new Date(day1.getTime() + 60_000), privacyOffice: TO });
    await Promise.all([emailLatestCheckpoint(TO), emailLatestCheckpoint(TO)]);
    queued = await mails();
    expect(queued).toHaveLength(1);
    expect(exportedIn(queued[0]!.textBody)).toBe(checkpointExport(first));

    // The next day: one new copy, of that day's checkpoint.
    await write('test.email.next-day');
    await sealAll({ now: new Date(day1.getTime() + 24 * 3600_000), privacyOffice: TO });
    const second = await latest();
    queued = await mails();
    expect(queued).toHaveLength(2);
    expect(exportedIn(queued[1]!.textBody)).toBe(checkpointExport(second));
    expect(queued[1]!.dedupeKey).not.toBe(queued[0]!.dedupeKey);
  });

  it('is not queued when no mailbox is configured, and two instances racing on a new day queue one', async () => {
    const before = (await mails()).length;
    await write('test.email.unconfigured');
    await sealAll({ now: new Date(now().getTime() + 2 * 24 * 3600_000), privacyOffice: null });
    expect(await mails()).toHaveLength(before);

    const cp = await latest();
    await Promise.all([1, 2].map(() => db().$transaction((tx) => emailCheckpoint(tx, cp, TO))));
    expect(await mails()).toHaveLength(before + 1);
  });

  it('`audit:verify --email` queues the latest checkpoint, and refuses without a mailbox', async () => {
    await write('test.email.cli');
    await sealAll({ now: new Date(now().getTime() + 3 * 24 * 3600_000), privacyOffice: null });
    const before = (await mails()).length;
    const earlier = new Set((await mails()).map((m) => m.id));

    const refused = await runCli({ PRIVACY_OFFICE_EMAIL: '' }, '--email');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('PRIVACY_OFFICE_EMAIL is not set');
    expect(await mails()).toHaveLength(before);

    const sent = await runCli({ PRIVACY_OFFICE_EMAIL: TO }, '--email');
    expect(sent.stderr).not.toMatch(/BROKEN|FAILED/);
    expect(sent.code).toBe(0);
    const queued = await mails();
    expect(queued).toHaveLength(before + 1);
    const added = queued.filter((m) => !earlier.has(m.id));
    expect(exportedIn(added[0]!.textBody)).toBe(checkpointExport(await latest()));
  });
});
