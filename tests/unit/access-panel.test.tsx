// The dashboard's "Can I open CareConnect?" panel rendered to HTML from decisions.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { CanIOpenPanel } from '@/components/access/can-i-open';
import type { WorksiteAccess } from '@/server/access/queries';
import { accessReason, type AccessDecision } from '@/server/access/rules';

const worksite = { id: '0190a1b2-0000-7000-8000-000000000001', worksiteCode: 'HBR2345', operatingName: 'Harbour Clinic' };

const allowed: AccessDecision = {
  allowed: true,
  location: 'onsite',
  businessRole: {
    roleContext: 'Primary care',
    functionalDescription: 'Prescriber',
    onBehalfOf: null,
    label: 'Primary care — Prescriber',
  },
  pharmanet: true,
  reasons: [],
};

const refused: AccessDecision = {
  allowed: false,
  location: 'remote',
  businessRole: null,
  pharmanet: false,
  reasons: [
    accessReason('PRIVACY_COURSE_INCOMPLETE', worksite.id),
    accessReason('REMOTE_NOT_GRANTED', worksite.id),
    accessReason('PERSON_SUSPENDED', worksite.id), // no link: the next step is to contact the team
  ],
};

const membership = { id: 'm1', status: 'ACTIVE' as const, reason: null };
const render = (items: WorksiteAccess[]) => renderToStaticMarkup(<CanIOpenPanel items={items} />);
const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&#x27;|&#39;/g, "'").replace(/&amp;/g, '&');

describe('Can I open CareConnect?', () => {
  it('says Yes in words with the business role, and notes PharmaNet', () => {
    const html = render([{ worksite, membership, onsite: allowed, remote: null }]);
    expect(html).toMatch(/<h2[^>]*>Can I open CareConnect\?<\/h2>/);
    expect(html).toMatch(/<h3[^>]*>Harbour Clinic/);
    expect(text(html)).toContain('Yes — you can open CareConnect at Harbour Clinic as Primary care — Prescriber.');
    expect(text(html)).toContain('PharmaNet: included');
    // Remote is null for this profession, so it is not offered at all.
    expect(html).not.toContain('remote access');
    expect(text(html)).not.toContain('No —');
  });

  it('says No and lists every reason with its next step, linked when there is a link', () => {
    const html = render([{ worksite, membership, onsite: allowed, remote: refused }]);
    const t = text(html);
    expect(t).toContain('From outside the worksite (remote access)');
    expect(t).toContain('No — you cannot open CareConnect at Harbour Clinic, from outside the worksite yet.');
    expect(t).toContain('3 things stand in the way');
    for (const r of refused.reasons) {
      expect(t).toContain(r.message);
      expect(t).toContain(`What to do: ${r.nextStep}`);
    }
    expect(html).toContain('<a href="/privacy-course">Take the privacy course.</a>');
    expect(html).toContain(`<a href="/worksites/${worksite.id}/remote-access">`);
    const suspended = refused.reasons[2]!;
    expect(suspended.href).toBeUndefined();
    expect(html).not.toMatch(new RegExp(`<a [^>]*>${suspended.nextStep.replace(/\./g, '\\.')}</a>`));
    // The reasons are a list, one item each.
    const reasonList = html.match(/<ul class="mt-2[^"]*">(.*?)<\/ul>/)?.[1] ?? '';
    expect(reasonList.match(/<li>/g)).toHaveLength(3);
    // PharmaNet is only noted where it is true (the onsite decision), once.
    expect(t.match(/PharmaNet: included/g)).toHaveLength(1);
  });

  it('with no worksite, points to joining one', () => {
    const html = render([]);
    expect(html).toContain('<a href="/worksites/join">Join a worksite</a>');
  });
});
