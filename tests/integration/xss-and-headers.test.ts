// Script in names, notes and reasons stays text: in the pages that show it and in the emails that
// carry it. Line breaks never reach an email header. Everything goes through the real actions,
// pages and outbox rows; only the session cookie's source and the Next.js router are stood in for.
import { randomUUID } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import { prerender } from 'react-dom/static';
import type { ReactElement } from 'react';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { fromNow } from '../support/clock';

const jar = vi.hoisted(() => ({ cookies: {} as Record<string, string> }));
vi.mock('next/headers', async () => (await import('../support/real-session')).nextHeadersWithJar(jar));
vi.mock('next/cache', async () => (await import('../support/real-session')).nextCacheStub());
// Client components on the pages ask for the App Router; on a server render they only need it to exist.
vi.mock('next/navigation', async (importOriginal) => ({
  ...(await importOriginal<typeof import('next/navigation')>()),
  useRouter: () => ({ refresh() {}, push() {}, replace() {}, back() {}, prefetch() {} }),
  usePathname: () => '/',
  useSearchParams: () => new URLSearchParams(),
}));

import { careConnectAdapter } from '@/server/auth/adapter';
import { db } from '@/server/db';
import { env } from '@/server/env';
import { inviteByEmailAction } from '@/server/invitations/actions';
import { updateWorksiteDetailsAction } from '@/server/worksites/settings-actions';
import { addNoteAction } from '@/server/notes/actions';
import { updateProfileAction } from '@/server/people/actions';
import { declineEnrolmentAction } from '@/server/enrolments/team-actions';
import { suspendWorksiteAction } from '@/server/worksites/team-actions';
import { createEnrolment } from '../factories/course-and-agreement';
import { createMembership } from '../factories/memberships';
import { ensurePerson } from '../factories/people';
import { createWorksite } from '../factories/worksites';

const SCRIPT = '<script>alert(1)</script>';
const IMG = '"><img src=x onerror=alert(1)>';
const PAYLOAD = `${SCRIPT} ${IMG}`;
/** Markup that would run: a real script tag, or a real tag with an event-handler attribute.
 * Escaped text (&lt;img … onerror=…&gt;) is inert and does not match. */
const LIVE = /<script|<[a-z][^>]*\son\w+\s*=/i;

async function signIn(personId: string) {
  const token = randomUUID();
  await careConnectAdapter().createSession!({
    sessionToken: token,
    userId: personId,
    expires: fromNow(3_600_000),
  });
  jar.cookies = { 'next-auth.session-token': token };
}

type Page = (p: {
  params: Promise<Record<string, string>>;
  searchParams?: Promise<Record<string, string>>;
}) => Promise<ReactElement>;
async function render(path: string, params: Record<string, string>) {
  const { default: page } = (await import(/* @vite-ignore */ `../../src/app/${path}`)) as {
    default: Page;
  };
  // prerender waits for async children, as the server render of a page does.
  const { prelude } = await prerender(
    await page({ params: Promise.resolve(params), searchParams: Promise.resolve({}) }),
  );
  return new Response(prelude).text();
}

const s = { admin: '', staff: '', person: '', worksiteId: '', enrolmentId: '' };

beforeAll(async () => {
  const admin = await ensurePerson(db(), { givenName: 'Sade' });
  const staff = await ensurePerson(db(), { givenName: 'Eve', staffRoles: ['ENROLMENT_TEAM'] });
  // A legal name comes from the identity provider's claims, unchecked by our forms.
  const person = await ensurePerson(db(), {
    givenName: SCRIPT,
    familyName: IMG,
    email: 'claims@example.com',
  });
  const ws = await createWorksite(db(), { creatorId: admin.id });
  await createMembership(db(), { worksiteId: ws.id, personId: admin.id, siteAdmin: true });
  const enrolment = await createEnrolment(db(), {
    personId: person.id,
    status: 'IN_REVIEW',
    profession: 'REGISTERED_NURSE',
  });
  Object.assign(s, {
    admin: admin.id,
    staff: staff.id,
    person: person.id,
    worksiteId: ws.id,
    enrolmentId: enrolment.id,
  });

  await signIn(admin.id);
  const renamed = await updateWorksiteDetailsAction({
    worksiteId: ws.id,
    operatingName: `Clinic ${PAYLOAD}`,
    phone: '250-555-0100',
    email: 'clinic@example.com',
  });
  expect(renamed).toMatchObject({ ok: true });
  expect(
    await inviteByEmailAction({ worksiteId: ws.id, email: 'invitee@example.com' }),
  ).toMatchObject({ ok: true });

  await signIn(staff.id);
  expect(
    await addNoteAction({
      targetType: 'PERSON',
      targetId: person.id,
      body: `Called back. ${PAYLOAD}`,
      submissionKey: crypto.randomUUID(),
    }),
  ).toMatchObject({ ok: true });
  expect(
    await declineEnrolmentAction({
      enrolmentId: enrolment.id,
      expectedStatus: 'IN_REVIEW',
      reason: `Licence lapsed ${PAYLOAD}`,
    }),
  ).toMatchObject({ ok: true });
  expect(
    await suspendWorksiteAction({
      worksiteId: ws.id,
      expectedStatus: 'ACTIVE',
      reason: `Breach report ${PAYLOAD}`,
    }),
  ).toMatchObject({ ok: true });
});

describe('pages show script as text', () => {
  it('the worksite page, to its site admin, with a hostile operating name', async () => {
    await signIn(s.admin);
    const html = await render('(portal)/worksites/[id]/page.tsx', { id: s.worksiteId });
    expect(html).toContain('Clinic &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(LIVE);
  });

  it("the team's person page, with a hostile legal name, note and decline reason", async () => {
    await signIn(s.staff);
    const html = await render('(admin)/admin/people/[id]/page.tsx', { id: s.person });
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Called back.');
    expect(html).not.toMatch(LIVE);
  });

  it("the team's worksite page, with the hostile operating name and suspension reason", async () => {
    await signIn(s.staff);
    const html = await render('(admin)/admin/worksites/[id]/page.tsx', { id: s.worksiteId });
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toMatch(LIVE);
  });

  it("the person's own profile and dashboard, with a hostile legal name from the identity provider", async () => {
    await signIn(s.person);
    for (const path of ['(portal)/profile/page.tsx', 'page.tsx']) {
      const html = await render(path, {});
      expect(html, path).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(html, path).not.toMatch(LIVE);
    }
  });
});

describe('emails', () => {
  it('escape every hostile value in HTML and keep it readable in the text part', async () => {
    const emails = await db().outboxEmail.findMany({
      where: { OR: [{ worksiteId: s.worksiteId }, { personId: s.person }] },
    });
    const templates = emails.map((e) => e.template);
    expect(templates).toEqual(expect.arrayContaining(['invitation.sent']));
    expect(emails.length).toBeGreaterThanOrEqual(3); // invitation, decline, suspension
    for (const e of emails) {
      expect(e.htmlBody, e.template).not.toMatch(LIVE);
      if (e.textBody.includes(SCRIPT))
        expect(e.htmlBody, e.template).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
    expect(emails.some((e) => e.textBody.includes(`Breach report ${PAYLOAD}`))).toBe(true);
    expect(emails.some((e) => e.textBody.includes(`Licence lapsed ${PAYLOAD}`))).toBe(true);
  });
});

describe('email headers', () => {
  it('line breaks in a name or an address are refused before anything is stored', async () => {
    await signIn(s.admin);
    const before = await db().outboxEmail.count();
    const name = await updateWorksiteDetailsAction({
      worksiteId: s.worksiteId,
      operatingName: 'Clinic\r\nBcc: evil@example.com',
      phone: '250-555-0100',
      email: 'clinic@example.com',
    });
    expect(name).toMatchObject({
      ok: false,
      code: 'VALIDATION',
      fieldErrors: { operatingName: expect.any(String) },
    });
    const invite = await inviteByEmailAction({
      worksiteId: s.worksiteId,
      email: 'a@example.com\r\nBcc: evil@example.com',
    });
    expect(invite).toMatchObject({
      ok: false,
      code: 'VALIDATION',
      fieldErrors: { email: expect.any(String) },
    });
    const profile = await updateProfileAction({
      preferredGivenName: 'Sade\nBcc: evil@example.com',
      preferredFamilyName: '',
      contactEmail: 'sade@example.com',
      contactPhone: '',
    });
    expect(profile).toMatchObject({
      ok: false,
      code: 'VALIDATION',
      fieldErrors: { preferredGivenName: expect.any(String) },
    });
    expect(await db().outboxEmail.count()).toBe(before);
  });

  it('every stored email builds into a message with one To, no Bcc and a one-line Subject', async () => {
    const bad = await db().$queryRaw<
      { n: number }[]
    >`SELECT count(*)::int AS n FROM "OutboxEmail" WHERE subject ~ '[\r\n]' OR "toAddress" ~ '[\r\n]'`;
    expect(bad[0]!.n).toBe(0);
    const emails = await db().outboxEmail.findMany();
    expect(emails.length).toBeGreaterThan(0);
    for (const e of emails) {
      const raw = await new Promise<string>((resolve, reject) =>
        new MailComposer({
          from: env().MAIL_FROM,
          to: e.toAddress,
          subject: e.subject,
          text: e.textBody,
          html: e.htmlBody,
        })
          .compile()
          .build((err, m) => (err ? reject(err) : resolve(m.toString()))),
      );
      const head = raw.split('\r\n\r\n')[0]!;
      expect(head.match(/^To:/gm)).toHaveLength(1);
      expect(head.match(/^Subject:/gm)).toHaveLength(1);
      expect(head).not.toMatch(/^(Bcc|Cc|X-Injected):/m);
    }
  });
});
