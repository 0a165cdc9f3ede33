import { describe, expect, it } from 'vitest';
import { parseInput, runAction } from '@/server/action';
import { db } from '@/server/db';
import { profileSchema } from '@/server/people/schema';
import { updateProfile } from '@/server/people/service';
import { DomainError } from '@/lib/errors';
import { ensurePerson } from '../factories/people';

const ctx = { requestId: 'req-test-1', ip: '203.0.113.9', userAgent: 'vitest' };

describe('updateProfile', () => {
  it('saves the preferred name, audits exactly what changed, and sends no email when the email is unchanged', async () => {
    const p = await ensurePerson(db(), { email: 'same@example.com' });
    const values = profileSchema.parse({
      preferredGivenName: 'Jo',
      preferredFamilyName: '',
      contactEmail: 'same@example.com',
      contactPhone: '(250) 555 0199',
    });
    expect(await updateProfile(p.id, values, ctx)).toEqual({ changed: true, waitingEmail: null, confirmationSent: false });
    const after = await db().person.findUniqueOrThrow({ where: { id: p.id } });
    expect(after).toMatchObject({ preferredGivenName: 'Jo', contactPhone: '250-555-0199', legalGivenName: p.legalGivenName });
    const [event] = await db().auditEvent.findMany({ where: { personId: p.id, action: 'person.profile_updated' } });
    expect(event).toMatchObject({
      actorType: 'PERSON',
      actorId: p.id,
      requestId: 'req-test-1',
      ip: '203.0.113.9',
      before: { preferredGivenName: null, contactPhone: null },
      after: { preferredGivenName: 'Jo', contactPhone: '250-555-0199' },
    });
    expect(await db().outboxEmail.count({ where: { personId: p.id } })).toBe(0);
  });

  it('saving the same values again changes nothing and audits nothing', async () => {
    const p = await ensurePerson(db(), { email: 'idem@example.com' });
    const values = profileSchema.parse({ preferredGivenName: 'Al', preferredFamilyName: '', contactEmail: 'idem@example.com', contactPhone: '' });
    await updateProfile(p.id, values, ctx);
    expect(await updateProfile(p.id, values, ctx)).toMatchObject({ changed: false });
    expect(await db().auditEvent.count({ where: { personId: p.id, action: 'person.profile_updated' } })).toBe(1);
  });

  it('a changed contact email is not used yet: a link goes to the new address and a notice to the old one, in the same transaction', async () => {
    const p = await ensurePerson(db(), { email: 'old@example.com' });
    const values = profileSchema.parse({ preferredGivenName: '', preferredFamilyName: '', contactEmail: 'New@Example.com', contactPhone: '' });
    expect(await updateProfile(p.id, values, ctx)).toEqual({ changed: true, waitingEmail: 'new@example.com', confirmationSent: true });
    expect((await db().person.findUniqueOrThrow({ where: { id: p.id } })).contactEmail).toBe('old@example.com');
    const emails = await db().outboxEmail.findMany({ where: { personId: p.id }, orderBy: { toAddress: 'asc' } });
    expect(emails.map((e) => [e.toAddress, e.template])).toEqual([
      ['new@example.com', 'person.contact-email-confirm'],
      ['old@example.com', 'person.contact-email-change-requested'],
    ]);
    for (const e of emails) {
      expect(e.textBody).toContain('new@example.com');
      expect(e.status).toBe('PENDING');
    }
  });

  it('a failure after the update leaves neither the change, the audit event nor the email', async () => {
    const p = await ensurePerson(db(), { email: 'atomic@example.com' });
    // Past the schema (as a bug or a forged call would be): the person row and the audit event
    // are written first, then the outbox refuses the CR/LF address, so everything must roll back.
    const forged = { preferredGivenName: 'Al', preferredFamilyName: null, contactEmail: 'moved@example.com\r\nBcc: x@example.com', contactPhone: null };
    await expect(updateProfile(p.id, forged, ctx)).rejects.toThrow();
    const after = await db().person.findUniqueOrThrow({ where: { id: p.id } });
    expect(after.contactEmail).toBe('atomic@example.com');
    expect(after.preferredGivenName).toBeNull();
    expect(await db().auditEvent.count({ where: { personId: p.id, action: 'person.profile_updated' } })).toBe(0);
    expect(await db().outboxEmail.count({ where: { personId: p.id } })).toBe(0);
  });

});

describe('action plumbing', () => {
  it('parseInput turns schema failures into field errors keyed by field', () => {
    try {
      parseInput(profileSchema, { preferredGivenName: '<b>', preferredFamilyName: '', contactEmail: 'nope', contactPhone: '1' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).code).toBe('VALIDATION');
      expect(Object.keys((e as DomainError).fieldErrors ?? {}).sort()).toEqual(['contactEmail', 'contactPhone', 'preferredGivenName']);
    }
  });

  it('parseInput refuses unknown fields such as status or legal names', () => {
    expect(() =>
      parseInput(profileSchema, { preferredGivenName: '', preferredFamilyName: '', contactEmail: 'a@example.com', contactPhone: '', legalGivenName: 'X' }),
    ).toThrow(DomainError);
  });

  it('runAction keeps a domain refusal message and hides an unexpected failure behind a reference', async () => {
    const refused = await runAction('t', async () => {
      throw new DomainError('NOT_FOUND', 'No such worksite.');
    });
    expect(refused).toEqual({ ok: false, code: 'NOT_FOUND', formError: 'No such worksite.', fieldErrors: undefined });

    const writes: string[] = [];
    const orig = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (writes.push(String(chunk)), true)) as typeof process.stderr.write;
    let crashed;
    try {
      crashed = await runAction('t', async () => {
        throw new Error('relation "Secret" does not exist at /srv/app/x.ts:1');
      });
    } finally {
      process.stderr.write = orig;
    }
    expect(crashed?.ok).toBe(false);
    if (crashed && !crashed.ok) {
      expect(crashed.code).toBe('UNEXPECTED');
      expect(crashed.formError).not.toMatch(/relation|Secret|\.ts/);
      expect(crashed.correlationId).toMatch(/^[0-9A-F]{8}$/);
      // The detail is in the log, under the same reference.
      expect(writes.join('')).toContain(crashed.correlationId);
      expect(writes.join('')).toContain('relation \\"Secret\\" does not exist');
    }
  });
});
