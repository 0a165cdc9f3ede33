import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Checklist } from '@/components/checklist/checklist';
import type { DashboardChecklist } from '@/server/enrolments/queries';

const base: DashboardChecklist = {
  steps: [
    { key: 'identity', title: 'Identity verified', done: true, detail: 'Done when you signed in.', href: null },
    { key: 'form', title: 'Enrolment form', done: true, detail: 'Submitted on June 2, 2026.', href: '/enrolment' },
    { key: 'course', title: 'Online privacy course', done: false, detail: 'A short course.', href: '/privacy-course' },
    { key: 'hpcaa', title: 'Access agreement (HPCAA)', done: false, detail: 'Needed.', href: '/agreement' },
    { key: 'worksites', title: 'Worksite membership', done: false, detail: 'Join one.', href: '/worksites' },
  ],
  stepsComplete: 2,
  totalSteps: 5,
  next: { key: 'course', label: 'Take the privacy course', href: '/privacy-course' },
  status: { code: 'SUBMITTED', label: 'Submitted', description: 'Your enrolment form is submitted.' },
  expectedDecision: null,
  teamReason: null,
};

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('Checklist', () => {
  it('shows the progress, each step as done or to do in words, and the next step as the main link', () => {
    const html = renderToStaticMarkup(<Checklist checklist={base} />);
    expect(html).toContain('aria-valuenow="2"');
    expect(html).toContain('aria-valuetext="2 of 5 steps complete"');
    const t = text(html);
    expect(t).toContain('Identity verified — Done');
    expect(t).toContain('Enrolment form — Done');
    expect(t).toContain('Online privacy course — To do (next step)');
    expect(t).toContain('Worksite membership — To do');
    expect(html.match(/<li /g)).toHaveLength(5);
    expect(html).toMatch(/<li [^>]*aria-current="step"[^>]*>(?:(?!<\/li>).)*Online privacy course/s);
    expect(html).toMatch(/<a [^>]*href="\/privacy-course"[^>]*>Take the privacy course<\/a>/);
    expect(t).not.toContain('When to expect a decision');
  });

  it('shows the expected decision range while in review and the team’s reason when changes were requested', () => {
    const inReview = renderToStaticMarkup(
      <Checklist
        checklist={{
          ...base,
          status: { code: 'IN_REVIEW', label: 'In review', description: 'Everything is in.' },
          expectedDecision: { from: 'June 9, 2026', to: 'June 11, 2026', text: 'Expect a decision between Tuesday, June 9, 2026 and Thursday, June 11, 2026.' },
        }}
      />,
    );
    expect(text(inReview)).toContain('Expect a decision between Tuesday, June 9, 2026 and Thursday, June 11, 2026.');

    const changes = renderToStaticMarkup(
      <Checklist
        checklist={{
          ...base,
          status: { code: 'CHANGES_REQUESTED', label: 'Changes requested', description: 'Correct it.' },
          teamReason: 'Your licence number & name <do not> match.',
          next: { key: 'form', label: 'Correct your enrolment form and submit it again', href: '/enrolment' },
        }}
      />,
    );
    expect(text(changes)).toContain('The enrolment team asked for changes');
    // People's text is escaped, never markup.
    expect(changes).toContain('Your licence number &amp; name &lt;do not&gt; match.');
    expect(changes).toMatch(/href="\/enrolment"[^>]*>Correct your enrolment form and submit it again/);
  });
});
