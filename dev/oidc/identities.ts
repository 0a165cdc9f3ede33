import { createHash } from 'node:crypto';

export type AssuranceLevel = 1 | 2 | 3;

/** The claims the stand-in releases, named as BC Services Card names them. */
export interface Identity {
  sub: string;
  given_name: string;
  family_name: string;
  /** YYYY-MM-DD */
  birthdate: string;
  email: string;
  identity_assurance_level: AssuranceLevel;
}

export type PresetKey = 'team' | 'auditor' | 'manager' | 'physician' | 'np' | 'rn' | 'moa' | 'low';

export interface PresetIdentity extends Identity {
  key: PresetKey;
  description: string;
}

// Subjects are fixed so the demo seed can create matching people and staff roles ahead of time.
export const presetIdentities: readonly PresetIdentity[] = [
  {
    key: 'team',
    sub: 'bcsc-demo-team',
    given_name: 'Tessa',
    family_name: 'Teamlead',
    birthdate: '1980-04-12',
    email: 'tessa.teamlead@example.com',
    identity_assurance_level: 3,
    description: 'Enrolment-team member and staff admin.',
  },
  {
    key: 'auditor',
    sub: 'bcsc-demo-auditor',
    given_name: 'Aaron',
    family_name: 'Auditor',
    birthdate: '1975-09-30',
    email: 'aaron.auditor@example.com',
    identity_assurance_level: 3,
    description: 'Auditor and privacy officer: reviews access, may suspend and reinstate.',
  },
  {
    key: 'manager',
    sub: 'bcsc-demo-manager',
    given_name: 'Maya',
    family_name: 'Manager',
    birthdate: '1985-02-18',
    email: 'maya.manager@example.com',
    identity_assurance_level: 3,
    description: 'Clinic manager who registers a worksite and administers it.',
  },
  {
    key: 'physician',
    sub: 'bcsc-demo-physician',
    given_name: 'Priya',
    family_name: 'Physician',
    birthdate: '1978-11-05',
    email: 'priya.physician@example.com',
    identity_assurance_level: 3,
    description: 'Physician; may become an authorizer.',
  },
  {
    key: 'np',
    sub: 'bcsc-demo-np',
    given_name: 'Nadia',
    family_name: 'Practitioner',
    birthdate: '1983-07-22',
    email: 'nadia.practitioner@example.com',
    identity_assurance_level: 3,
    description: 'Nurse practitioner; may become an authorizer.',
  },
  {
    key: 'rn',
    sub: 'bcsc-demo-rn',
    given_name: 'Rita',
    family_name: 'Nurse',
    birthdate: '1990-03-14',
    email: 'rita.nurse@example.com',
    identity_assurance_level: 3,
    description: 'Registered nurse; may become an authorizer.',
  },
  {
    key: 'moa',
    sub: 'bcsc-demo-moa',
    given_name: 'Omar',
    family_name: 'Assistant',
    birthdate: '1995-12-01',
    email: 'omar.assistant@example.com',
    identity_assurance_level: 3,
    description: 'Medical office assistant; works on behalf of an authorizer.',
  },
  {
    key: 'low',
    sub: 'bcsc-demo-low',
    given_name: 'Lou',
    family_name: 'Lowassurance',
    birthdate: '1988-06-09',
    email: 'lou.lowassurance@example.com',
    identity_assurance_level: 1,
    description: 'Low-assurance identity, below the portal’s default minimum of 3.',
  },
];

export function findPreset(key: string): PresetIdentity | undefined {
  return presetIdentities.find((p) => p.key === key);
}

export type SubjectFields = Pick<Identity, 'given_name' | 'family_name' | 'birthdate' | 'email'>;

/**
 * Signing in again with the same details must be the same person, so the subject is derived from
 * them. The assurance level is left out: a person keeps their subject when it changes.
 */
export function subjectFor(fields: SubjectFields): string {
  const basis = [fields.given_name, fields.family_name, fields.birthdate, fields.email]
    .map((v) => v.trim().toLowerCase())
    .join('|');
  return `bcsc-${createHash('sha256').update(basis).digest('hex').slice(0, 24)}`;
}
