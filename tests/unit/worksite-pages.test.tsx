// The intake form and the worksite pages rendered to HTML, with the session and queries stubbed:
// what a person sees before submitting, and which links each state offers.
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { WorksitePage } from '@/server/worksites/queries';

const page = vi.hoisted(() => ({ current: null as WorksitePage | null }));
vi.mock('@/server/worksites/actions', () => ({
  registerWorksiteAction: vi.fn(),
  resubmitIntakeAction: vi.fn(),
}));
vi.mock('@/server/authz/viewer', () => ({
  requireViewerPage: async () => ({ id: 'me', displayName: 'Me', staffRoles: [], memberships: [] }),
}));
vi.mock('@/server/worksites/queries', () => ({
  worksitePage: async () => page.current,
  myWorksites: async () => [],
}));
vi.mock('next/navigation', () => ({
  notFound: () => {
    throw new Error('NEXT_NOT_FOUND');
  },
}));

const { IntakeForm } = await import('@/app/(portal)/worksites/new/intake-form');
const { default: WorksitePageView } = await import('@/app/(portal)/worksites/[id]/page');
const { default: WorksitesPage } = await import('@/app/(portal)/worksites/page');

const ID = '0190a0a0-0000-7000-8000-000000000001';
const base: WorksitePage = {
  id: ID,
  worksiteCode: 'ABC2DEF',
  legalName: 'Harbour Family Practice Ltd.',
  operatingName: 'Harbour Family Practice',
  locationType: 'PRIVATE_PRACTICE_CLINIC',
  locationTypeLabel: 'Private practice clinic',
  roleContext: 'COMMUNITY_SERVICES',
  roleContextLabel: 'Community Services',
  street: '1200 Government Street',
  city: 'Victoria',
  province: 'BC',
  postalCode: 'V8W 1A1',
  phone: '250-555-0142',
  email: 'office@harbour.example',
  emrVendor: null,
  needsDeclaration: true,
  status: 'INTAKE_SUBMITTED',
  statusLabel: 'Registration submitted',
  nextStep: 'The enrolment team is reviewing your registration.',
  reason: null,
  closureRequestedAt: null,
  expectedUsers: null,
  isSiteAdmin: false,
  myRole: 'Member',
  actions: [],
  memberCount: 1,
};

const render = async (w: WorksitePage) => {
  page.current = w;
  return renderToStaticMarkup(await WorksitePageView({ params: Promise.resolve({ id: w.id }) }));
};
const links = (html: string) => [...html.matchAll(/href="(\/worksites\/[^"]*)"/g)].map((m) => m[1]);

beforeEach(() => {
  page.current = null;
});

describe('intake form', () => {
  const form = (locationType?: 'NO_CLINICAL_APPS' | 'PHARMACY') =>
    renderToStaticMarkup(
      <IntakeForm
        defaultValues={{
          locationType,
          province: 'BC',
          submissionKey: ID,
          expectedUsers: [
            { name: 'Ana Lopez', email: 'ana@example.com', profession: '' },
            { name: 'Sam Lee', email: 'sam@example.com', profession: 'PHYSICIAN' },
          ],
        }}
      />,
    );

  it('explains a No Clinical Apps worksite before it is submitted', () => {
    expect(form('NO_CLINICAL_APPS')).toContain(
      'This worksite will never give access to CareConnect',
    );
    expect(form('PHARMACY')).not.toContain('This worksite will never give access to CareConnect');
  });

  it('labels every field of every expected user and offers to remove each row', () => {
    const html = form();
    for (const i of [0, 1]) {
      for (const f of ['name', 'email', 'profession']) {
        expect(html).toContain(`<label for="expectedUsers-${i}-${f}"`);
        expect(html).toContain(`id="expectedUsers-${i}-${f}"`);
      }
      expect(html).toContain(`Remove person ${i + 1}`);
    }
    expect(html).toContain('Add a person');
  });

  it('labels the organization, location and contact fields', () => {
    const html = form();
    for (const id of [
      'legalName',
      'operatingName',
      'locationType',
      'roleContext',
      'street',
      'city',
      'postalCode',
      'phone',
      'email',
      'emrVendor',
    ]) {
      expect(html).toContain(`<label for="${id}"`);
    }
  });

  it('shows the province as British Columbia, not as a choice', () => {
    const html = form();
    expect(html).toContain('data-testid="province">British Columbia<');
    expect(html).not.toMatch(/<select[^>]*name="province"/);
    expect(html).not.toContain('Alberta');
  });
});

describe('worksite page', () => {
  it('shows the Worksite ID prominently and the next step', async () => {
    const html = await render(base);
    expect(html).toContain('data-testid="worksite-id">ABC2DEF<');
    expect(html).toContain('The enrolment team is reviewing your registration.');
    expect(links(html)).toEqual([]);
  });

  it('a site admin asked for changes gets the reason and the edit, members and settings links', async () => {
    const html = await render({
      ...base,
      status: 'CHANGES_REQUESTED',
      statusLabel: 'Changes requested',
      reason: {
        text: 'Use the legal name from BC Registries.',
        at: new Date('2026-11-20T18:00:00Z'),
      },
      isSiteAdmin: true,
      expectedUsers: [],
      actions: ['VIEW_MEMBERS', 'MANAGE_ADMINS', 'EDIT_DETAILS', 'EDIT_AND_RESUBMIT'],
    });
    expect(html).toContain('Use the legal name from BC Registries.');
    expect(html).toContain('November 20, 2026');
    expect(links(html)).toEqual([
      `/worksites/${ID}/edit`,
      `/worksites/${ID}/members`,
      `/worksites/${ID}/settings`,
    ]);
  });

  it('links to the declaration when it is due', async () => {
    const html = await render({
      ...base,
      status: 'AWAITING_DECLARATION',
      isSiteAdmin: true,
      actions: ['VIEW_MEMBERS', 'COMPLETE_DECLARATION'],
    });
    expect(links(html)).toContain(`/worksites/${ID}/declaration`);
    expect(html).toContain('Complete the Privacy &amp; Security Declaration');
  });

  it('answers not found when the query returns nothing', async () => {
    page.current = null;
    await expect(WorksitePageView({ params: Promise.resolve({ id: ID }) })).rejects.toThrow(
      'NEXT_NOT_FOUND',
    );
  });
});

describe('my worksites', () => {
  it('shows an empty state that leads to registering a worksite', async () => {
    const html = renderToStaticMarkup(await WorksitesPage());
    expect(html).toContain('You are not part of any worksite yet');
    expect(html).toContain('href="/worksites/new"');
  });
});
