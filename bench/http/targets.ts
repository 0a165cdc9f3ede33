// What the HTTP benchmark measures, each as the person who would use it.
import { randomUUID } from 'node:crypto';
import { serverActionId } from './app';
import type { Fixtures } from './fixtures';
import type { Target } from './measure';

export async function targets(base: string, fx: Fixtures): Promise<Target[]> {
  let k = 0;
  const note = () =>
    JSON.stringify([{ targetType: 'ENROLMENT', targetId: fx.enrolmentId, body: 'Benchmark note', submissionKey: randomUUID() }]);
  const noteAction = await serverActionId('addNoteAction', 'notes');
  return [
    { name: 'Dashboard (practitioner)', path: '/', headers: { cookie: fx.cookies.practitioner }, expect: 'Can I open CareConnect', floor: true },
    { name: 'Worksite page (site admin)', path: `/worksites/${fx.worksiteId}`, headers: { cookie: fx.cookies.siteAdmin }, expect: 'Harbour Medical Associates', floor: true },
    { name: 'Team queue page, filtered (staff)', path: '/admin/queue?type=enrolment', headers: { cookie: fx.cookies.staff }, expect: 'Work list', floor: true },
    { name: 'Team search by licence (staff)', path: `/admin/search?q=${encodeURIComponent(fx.licence)}`, headers: { cookie: fx.cookies.staff }, expect: '/admin/people/' },
    {
      name: 'Access API (service key)',
      path: `/api/v1/access?subject=${encodeURIComponent(fx.subject)}&worksite=${fx.worksiteCode}&location=onsite`,
      // Each key is rate limited; rotate so the limit does not turn the benchmark into 429s.
      perRequest: () => ({ authorization: `Bearer ${fx.apiKeys[k++ % fx.apiKeys.length]}` }),
      expect: '"allowed":true',
    },
    {
      name: 'Server action: add a note (staff)',
      path: `/admin/enrolments/${fx.enrolmentId}`,
      method: 'POST',
      headers: {
        cookie: fx.cookies.staff,
        'next-action': noteAction,
        'content-type': 'text/plain;charset=UTF-8',
        accept: 'text/x-component',
        origin: base,
      },
      body: note(),
      // Each note is a new submission (a repeated key would only replay the first answer).
      perRequestBody: note,
      expect: '"ok":true',
    },
  ];
}
