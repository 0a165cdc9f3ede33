// Stable anchors of the answers on /help. Refusal pages and access reasons link to them (and the
// viewer shows the links after "Access Denied"), so an anchor never changes once published.
export const HELP_ANCHOR = {
  requestAccess: 'how-to-request-access',
  eligibility: 'who-is-eligible',
  remoteAccess: 'remote-access',
  healthAuthority: 'health-authority-or-community',
  bcServicesCard: 'bc-services-card',
  outOfSync: 'out-of-sync',
  privacyBreach: 'privacy-breach',
  platforms: 'supported-platforms',
  decisionTimes: 'how-long-decisions-take',
  preferredName: 'preferred-name',
  worksiteCloses: 'worksite-closes',
  teamArea: 'enrolment-team-area',
} as const;

export type HelpTopic = keyof typeof HELP_ANCHOR;

export const helpHref = (topic: HelpTopic): string => `/help#${HELP_ANCHOR[topic]}`;

/** The Service BC help desk: the BC Services Card is theirs, not the enrolment team's. */
export const SERVICE_BC_HELP_DESK = {
  hours: 'Monday to Friday, except statutory holidays, 7:30 am to 5 pm Pacific time',
  tollFree: '1-888-356-2741',
  local: '604-660-2355',
} as const;
