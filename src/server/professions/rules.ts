// The profession policy table (SPEC §3). Every rule about what a profession may do is read from
// here; a policy change is a one-line edit in PROFESSIONS plus its row in the table test.
// Pure: no I/O, safe to import from client components (the enrolment form shows the hints).
import { Profession } from '@/generated/prisma/enums';

export type College = 'CPSBC' | 'BCCNM' | 'CPBC' | 'BCCSW';
export type EnrolsAs = 'INDEPENDENT' | 'ON_BEHALF_OF';
export type FunctionalDescription = 'Prescriber' | 'Nursing' | 'Pharmacy' | 'Social Work' | 'Clinical support';

// Licence number shapes are our reading of each college's public register; they must be
// confirmed with the colleges (docs/decisions/007-licence-numbers-and-enrolment-form.md).
export const COLLEGES: Record<College, { name: string; pattern: RegExp; shape: string; example: string }> = {
  CPSBC: { name: 'College of Physicians and Surgeons of BC', pattern: /^\d{5}$/, shape: '5 digits', example: '12345' },
  BCCNM: { name: 'BC College of Nurses and Midwives', pattern: /^\d{7}$/, shape: '7 digits', example: '1234567' },
  CPBC: { name: 'College of Pharmacists of BC', pattern: /^\d{5}$/, shape: '5 digits', example: '12345' },
  BCCSW: { name: 'BC College of Social Workers', pattern: /^\d{5}$/, shape: '5 digits', example: '12345' },
};

export type ProfessionPolicy = {
  label: string;
  college: College | null;
  licenceRequired: boolean;
  licencePattern: RegExp | null;
  licenceHint: string;
  mayBeAuthorizer: boolean;
  needsHpcaa: boolean;
  remoteAccessPossible: boolean;
  enrolsAs: EnrolsAs;
  needsJobTitle: boolean;
  needsResidencyDates: boolean;
  functionalDescription: FunctionalDescription;
};

type Row = Omit<ProfessionPolicy, 'licenceRequired' | 'licencePattern' | 'licenceHint'>;

// Licence columns follow from the college, so a row cannot contradict its college's shape.
function row(r: Row): ProfessionPolicy {
  const c = r.college ? COLLEGES[r.college] : null;
  return {
    ...r,
    licenceRequired: c !== null,
    licencePattern: c?.pattern ?? null,
    licenceHint: c ? `Your ${r.college} licence number: ${c.shape}, like ${c.example}` : 'No licence number is needed',
  };
}

const I = 'INDEPENDENT';
const OBO = 'ON_BEHALF_OF';

// prettier-ignore
export const PROFESSIONS: Record<Profession, ProfessionPolicy> = {
  PHYSICIAN:                    row({ label: 'Physician',                    college: 'CPSBC', mayBeAuthorizer: true,  needsHpcaa: true,  remoteAccessPossible: true,  enrolsAs: I,   needsJobTitle: false, needsResidencyDates: false, functionalDescription: 'Prescriber' }),
  NURSE_PRACTITIONER:           row({ label: 'Nurse Practitioner',           college: 'BCCNM', mayBeAuthorizer: true,  needsHpcaa: true,  remoteAccessPossible: true,  enrolsAs: I,   needsJobTitle: false, needsResidencyDates: false, functionalDescription: 'Prescriber' }),
  REGISTERED_NURSE:             row({ label: 'Registered Nurse',             college: 'BCCNM', mayBeAuthorizer: true,  needsHpcaa: true,  remoteAccessPossible: false, enrolsAs: I,   needsJobTitle: false, needsResidencyDates: false, functionalDescription: 'Nursing' }),
  REGISTERED_PSYCHIATRIC_NURSE: row({ label: 'Registered Psychiatric Nurse', college: 'BCCNM', mayBeAuthorizer: false, needsHpcaa: true,  remoteAccessPossible: false, enrolsAs: I,   needsJobTitle: false, needsResidencyDates: false, functionalDescription: 'Nursing' }),
  LICENSED_PRACTICAL_NURSE:     row({ label: 'Licensed Practical Nurse',     college: 'BCCNM', mayBeAuthorizer: false, needsHpcaa: true,  remoteAccessPossible: false, enrolsAs: I,   needsJobTitle: false, needsResidencyDates: false, functionalDescription: 'Nursing' }),
  PHARMACIST:                   row({ label: 'Pharmacist',                   college: 'CPBC',  mayBeAuthorizer: false, needsHpcaa: true,  remoteAccessPossible: false, enrolsAs: I,   needsJobTitle: false, needsResidencyDates: false, functionalDescription: 'Pharmacy' }),
  SOCIAL_WORKER:                row({ label: 'Social Worker',                college: 'BCCSW', mayBeAuthorizer: false, needsHpcaa: true,  remoteAccessPossible: false, enrolsAs: I,   needsJobTitle: false, needsResidencyDates: false, functionalDescription: 'Social Work' }),
  RESIDENT_PHYSICIAN:           row({ label: 'Resident Physician',           college: 'CPSBC', mayBeAuthorizer: false, needsHpcaa: true,  remoteAccessPossible: false, enrolsAs: OBO, needsJobTitle: false, needsResidencyDates: true,  functionalDescription: 'Prescriber' }),
  MEDICAL_OFFICE_ASSISTANT:     row({ label: 'Medical Office Assistant',     college: null,    mayBeAuthorizer: false, needsHpcaa: false, remoteAccessPossible: false, enrolsAs: OBO, needsJobTitle: true,  needsResidencyDates: false, functionalDescription: 'Clinical support' }),
  CLINICAL_SUPPORT_STAFF:       row({ label: 'Clinical Support Staff',       college: null,    mayBeAuthorizer: false, needsHpcaa: false, remoteAccessPossible: false, enrolsAs: OBO, needsJobTitle: true,  needsResidencyDates: false, functionalDescription: 'Clinical support' }),
};

/** Professions in the order of the policy table (the order people see in the form). */
export const PROFESSION_ORDER = Object.keys(PROFESSIONS) as Profession[];

export const PROFESSION_LABEL = Object.fromEntries(PROFESSION_ORDER.map((p) => [p, PROFESSIONS[p].label])) as Record<Profession, string>;

export const ENROLS_AS_LABEL: Record<EnrolsAs, string> = {
  INDEPENDENT: 'Independent user',
  ON_BEHALF_OF: 'On-behalf-of user',
};

export const isProfession = (v: unknown): v is Profession => typeof v === 'string' && Object.hasOwn(Profession, v);

export const profession = (p: Profession): ProfessionPolicy => PROFESSIONS[p];
export const professionLabel = (p: Profession) => PROFESSIONS[p].label;
export const collegeOf = (p: Profession) => PROFESSIONS[p].college;
export const licenceRequired = (p: Profession) => PROFESSIONS[p].licenceRequired;
export const needsHpcaa = (p: Profession) => PROFESSIONS[p].needsHpcaa;
export const mayBeAuthorizer = (p: Profession) => PROFESSIONS[p].mayBeAuthorizer;
export const remoteAccessPossible = (p: Profession) => PROFESSIONS[p].remoteAccessPossible;
export const enrolsAs = (p: Profession) => PROFESSIONS[p].enrolsAs;
export const isOnBehalfOf = (p: Profession) => PROFESSIONS[p].enrolsAs === 'ON_BEHALF_OF';
export const needsJobTitle = (p: Profession) => PROFESSIONS[p].needsJobTitle;
export const needsResidencyDates = (p: Profession) => PROFESSIONS[p].needsResidencyDates;

/** "A CPSBC licence number is 5 digits" — the message a wrong shape gets. */
export function licenceShapeMessage(p: Profession): string {
  const c = PROFESSIONS[p].college;
  return c ? `A ${c} licence number is ${COLLEGES[c].shape}, like ${COLLEGES[c].example}` : 'No licence number is needed';
}

/** Whether the licence number has the shape its college uses; unlicensed professions have none. */
export function licenceNumberValid(p: Profession, licenceNumber: string): boolean {
  const pattern = PROFESSIONS[p].licencePattern;
  return pattern !== null && pattern.test(licenceNumber);
}
