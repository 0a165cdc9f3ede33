import { describe, expect, it } from 'vitest';
import { escapeHtml, renderEmail } from '@/server/email/render';
import { contactEmailChangedNotices } from '@/server/email/templates/contact-email-changed';
import type { Notice } from '@/server/notify';
import { assertEmailInput, assertHeaderSafe } from '@/server/outbox/enqueue';

const evil = `<script>alert("x")</script> & 'quoted'`;
const escaped = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;';

describe('escapeHtml', () => {
  it('escapes markup, ampersands and both quote kinds', () => {
    expect(escapeHtml(evil)).toBe(escaped);
    expect(escapeHtml('plain')).toBe('plain');
  });
});

describe('renderEmail', () => {
  const email = renderEmail(
    {
      heading: `Heading ${evil}`,
      paragraphs: [`First ${evil}`, 'Second paragraph\nwith a line break'],
      action: { label: `Open ${evil}`, url: 'https://portal.example/worksites/"><script>' },
      footer: `Footer ${evil}`,
    },
    `App ${evil}`,
  );

  it('escapes every interpolated value in the HTML', () => {
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toMatch(/"><script/);
    for (const prefix of ['Heading', 'First', 'Open', 'Footer', 'App']) {
      expect(email.html).toContain(`${prefix} ${escaped}`);
    }
    // The link keeps its target but cannot break out of the attribute.
    expect(email.html).toContain('href="https://portal.example/worksites/%22%3E%3Cscript%3E"');
  });

  it('carries the same content in the plain-text version, unescaped', () => {
    for (const s of [
      `App ${evil}`,
      `Heading ${evil}`,
      `First ${evil}`,
      'Second paragraph\nwith a line break',
      `Footer ${evil}`,
    ]) {
      expect(email.text).toContain(s);
    }
    expect(email.text).toContain(
      `Open ${evil}: https://portal.example/worksites/%22%3E%3Cscript%3E`,
    );
    expect(email.text).not.toContain('&lt;');
  });

  it('keeps line breaks in paragraphs visible in HTML', () => {
    expect(email.html).toContain('Second paragraph<br>with a line break');
  });

  it('refuses links that are not http(s)', () => {
    expect(() =>
      renderEmail(
        { heading: 'h', paragraphs: [], action: { label: 'x', url: 'javascript:alert(1)' } },
        'App',
      ),
    ).toThrow(/http/);
  });

  it('omits the action and footer when not given', () => {
    const plain = renderEmail({ heading: 'Hello', paragraphs: ['Body'] }, 'App');
    expect(plain.html).not.toContain('<a ');
    expect(plain.text).not.toContain('--');
    expect(plain.text).toContain('Hello');
    expect(plain.html).toContain('<title>Hello</title>');
  });
});

describe('header safety', () => {
  it.each(['Subject\r\nBcc: victim@example.com', 'Subject\nX: y', 'Subject\rX: y'])(
    'rejects a line break in %j',
    (value) => {
      expect(() => assertHeaderSafe('subject', value)).toThrow(/line breaks/);
      expect(() =>
        assertEmailInput({ template: 't', to: 'a@example.com', subject: value }),
      ).toThrow(/line breaks/);
    },
  );

  it('rejects a line break or a list in the address', () => {
    expect(() =>
      assertEmailInput({ template: 't', to: 'a@example.com\r\nBcc: b@example.com', subject: 's' }),
    ).toThrow(/line breaks/);
    expect(() =>
      assertEmailInput({ template: 't', to: 'a@example.com, b@example.com', subject: 's' }),
    ).toThrow(/single plain address/);
    expect(() =>
      assertEmailInput({ template: 't', to: 'Name <a@example.com>', subject: 's' }),
    ).toThrow();
  });

  it('accepts an ordinary subject and address', () => {
    expect(() =>
      assertEmailInput({
        template: 't',
        to: 'first.last+tag@health.example.ca',
        subject: 'Hello — ok',
      }),
    ).not.toThrow();
  });
});

describe('contact email changed notice', () => {
  const cfg = { appName: 'my.CareConnect', teamMailbox: 'team@example.ca' };
  const changedAt = new Date('2026-03-05T18:30:00Z');
  // What the outbox stores for each notice, rendered under this test's app name.
  const contactEmailChangedEmails = (e: Parameters<typeof contactEmailChangedNotices>[0], c: typeof cfg) =>
    contactEmailChangedNotices(e, c).map((n: Notice) => ({
      template: n.email.template,
      subject: n.email.subject,
      to: n.to!.to,
      personId: n.to!.personId,
      dedupeKey: n.dedupeKey,
      ...renderEmail(n.email.content, c.appName),
    }));

  it('notifies the old and the new address with distinct dedupe keys', () => {
    const emails = contactEmailChangedEmails(
      { personId: 'p1', oldEmail: 'old@example.ca', newEmail: 'new@example.ca', changedAt },
      cfg,
    );
    expect(emails.map((e) => e.to)).toEqual(['old@example.ca', 'new@example.ca']);
    expect(new Set(emails.map((e) => e.dedupeKey)).size).toBe(2);
    for (const e of emails) {
      expect(e.personId).toBe('p1');
      expect(e.text).toContain('changed from old@example.ca to new@example.ca on March 5, 2026');
      expect(e.text).toContain('team@example.ca');
      expect(e.html).toContain('changed from old@example.ca to new@example.ca');
      expect(() => assertEmailInput(e)).not.toThrow();
    }
  });

  it('is stable for the same change, so a retried change queues nothing new', () => {
    const args = {
      personId: 'p1',
      oldEmail: 'old@example.ca',
      newEmail: 'new@example.ca',
      changedAt,
    };
    expect(contactEmailChangedEmails(args, cfg).map((e) => e.dedupeKey)).toEqual(
      contactEmailChangedEmails(args, cfg).map((e) => e.dedupeKey),
    );
  });

  it('tells only the new address when there was none before, and nobody when unchanged', () => {
    const first = contactEmailChangedEmails(
      { personId: 'p1', oldEmail: null, newEmail: 'new@example.ca', changedAt },
      cfg,
    );
    expect(first.map((e) => e.to)).toEqual(['new@example.ca']);
    expect(
      contactEmailChangedEmails(
        { personId: 'p1', oldEmail: 'Same@Example.ca', newEmail: 'same@example.ca', changedAt },
        cfg,
      ),
    ).toEqual([]);
  });
});
