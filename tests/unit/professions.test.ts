import { describe, expect, it } from 'vitest';
import { Profession } from '@/generated/prisma/enums';
import {
  COLLEGES,
  collegeOf,
  enrolsAs,
  isProfession,
  licenceNumberValid,
  licenceRequired,
  licenceShapeMessage,
  mayBeAuthorizer,
  needsHpcaa,
  needsJobTitle,
  needsResidencyDates,
  PROFESSION_LABEL,
  PROFESSION_ORDER,
  PROFESSIONS,
  remoteAccessPossible,
} from '@/server/professions/rules';

// SPEC §3, row by row. A policy change must change this table and the code table together.
// prettier-ignore
const SPEC: Record<Profession, [label: string, college: string | null, licence: boolean, authorizer: boolean, hpcaa: boolean, remote: boolean, enrolsAs: 'INDEPENDENT' | 'ON_BEHALF_OF', jobTitle: boolean, residency: boolean]> = {
  PHYSICIAN:                    ['Physician',                    'CPSBC', true,  true,  true,  true,  'INDEPENDENT',  false, false],
  NURSE_PRACTITIONER:           ['Nurse Practitioner',           'BCCNM', true,  true,  true,  true,  'INDEPENDENT',  false, false],
  REGISTERED_NURSE:             ['Registered Nurse',             'BCCNM', true,  true,  true,  false, 'INDEPENDENT',  false, false],
  REGISTERED_PSYCHIATRIC_NURSE: ['Registered Psychiatric Nurse', 'BCCNM', true,  false, true,  false, 'INDEPENDENT',  false, false],
  LICENSED_PRACTICAL_NURSE:     ['Licensed Practical Nurse',     'BCCNM', true,  false, true,  false, 'INDEPENDENT',  false, false],
  PHARMACIST:                   ['Pharmacist',                   'CPBC',  true,  false, true,  false, 'INDEPENDENT',  false, false],
  SOCIAL_WORKER:                ['Social Worker',                'BCCSW', true,  false, true,  false, 'INDEPENDENT',  false, false],
  RESIDENT_PHYSICIAN:           ['Resident Physician',           'CPSBC', true,  false, true,  false, 'ON_BEHALF_OF', false, true],
  MEDICAL_OFFICE_ASSISTANT:     ['Medical Office Assistant',     null,    false, false, false, false, 'ON_BEHALF_OF', true,  false],
  CLINICAL_SUPPORT_STAFF:       ['Clinical Support Staff',       null,    false, false, false, false, 'ON_BEHALF_OF', true,  false],
};

describe('profession policy table (SPEC §3)', () => {
  it('has exactly one row per profession in the schema, in the SPEC order', () => {
    expect(PROFESSION_ORDER).toEqual(Object.keys(SPEC));
    expect(Object.keys(PROFESSIONS).sort()).toEqual(Object.values(Profession).sort());
  });

  for (const [p, [label, college, licence, authorizer, hpcaa, remote, as, jobTitle, residency]] of Object.entries(SPEC) as [
    Profession,
    (typeof SPEC)[Profession],
  ][]) {
    it(`${label}: the row matches SPEC §3`, () => {
      expect(PROFESSIONS[p]).toMatchObject({
        label,
        college,
        licenceRequired: licence,
        mayBeAuthorizer: authorizer,
        needsHpcaa: hpcaa,
        remoteAccessPossible: remote,
        enrolsAs: as,
        needsJobTitle: jobTitle,
        needsResidencyDates: residency,
      });
      // The helpers read the same table.
      expect([collegeOf(p), licenceRequired(p), mayBeAuthorizer(p), needsHpcaa(p), remoteAccessPossible(p), enrolsAs(p)]).toEqual([
        college,
        licence,
        authorizer,
        hpcaa,
        remote,
        as,
      ]);
      expect([needsJobTitle(p), needsResidencyDates(p), PROFESSION_LABEL[p]]).toEqual([jobTitle, residency, label]);
      // A licensed profession always has its college's pattern; an unlicensed one has none.
      expect(PROFESSIONS[p].licencePattern).toBe(college ? COLLEGES[college as keyof typeof COLLEGES].pattern : null);
    });
  }

  it('only Physicians, Nurse Practitioners and Registered Nurses may be authorizers', () => {
    expect(PROFESSION_ORDER.filter(mayBeAuthorizer)).toEqual(['PHYSICIAN', 'NURSE_PRACTITIONER', 'REGISTERED_NURSE']);
  });

  it('remote access is possible only for Physicians and Nurse Practitioners', () => {
    expect(PROFESSION_ORDER.filter(remoteAccessPossible)).toEqual(['PHYSICIAN', 'NURSE_PRACTITIONER']);
  });

  it('every licensed profession needs the HPCAA; the unlicensed on-behalf-of roles do not', () => {
    expect(PROFESSION_ORDER.filter(needsHpcaa)).toEqual(PROFESSION_ORDER.filter(licenceRequired));
    expect(PROFESSION_ORDER.filter((p) => !needsHpcaa(p))).toEqual(['MEDICAL_OFFICE_ASSISTANT', 'CLINICAL_SUPPORT_STAFF']);
  });

  it('residents, MOAs and clinical support staff enrol on behalf of an authorizer', () => {
    expect(PROFESSION_ORDER.filter((p) => enrolsAs(p) === 'ON_BEHALF_OF')).toEqual([
      'RESIDENT_PHYSICIAN',
      'MEDICAL_OFFICE_ASSISTANT',
      'CLINICAL_SUPPORT_STAFF',
    ]);
  });

  it('recognises profession codes and nothing else', () => {
    expect(isProfession('PHYSICIAN')).toBe(true);
    expect(isProfession('physician')).toBe(false);
    expect(isProfession('toString')).toBe(false);
    expect(isProfession(undefined)).toBe(false);
  });
});

describe('licence number shapes per college', () => {
  // prettier-ignore
  const cases: [Profession, string[], string[]][] = [
    ['PHYSICIAN',          ['12345', '00001'],     ['1234', '123456', '1234a', 'A1234', '12 345', '', '١٢٣٤٥']],
    ['RESIDENT_PHYSICIAN', ['54321'],              ['5432', '543210']],
    ['NURSE_PRACTITIONER', ['1234567', '0000001'], ['123456', '12345678', '12345', 'R123456']],
    ['REGISTERED_NURSE',   ['7654321'],            ['765432']],
    ['REGISTERED_PSYCHIATRIC_NURSE', ['1111111'],  ['11111']],
    ['LICENSED_PRACTICAL_NURSE', ['2222222'],      ['22222222']],
    ['PHARMACIST',         ['02345'],              ['2345', '0234567']],
    ['SOCIAL_WORKER',      ['10001'],              ['1000', '1000100']],
  ];
  for (const [p, valid, invalid] of cases) {
    it(`${PROFESSIONS[p].label} (${PROFESSIONS[p].college})`, () => {
      for (const v of valid) expect(licenceNumberValid(p, v), v).toBe(true);
      for (const v of invalid) expect(licenceNumberValid(p, v), v).toBe(false);
    });
  }

  it('unlicensed professions have no valid licence number at all', () => {
    expect(licenceNumberValid('MEDICAL_OFFICE_ASSISTANT', '12345')).toBe(false);
    expect(licenceNumberValid('CLINICAL_SUPPORT_STAFF', '1234567')).toBe(false);
  });

  it('the message names the college and the shape', () => {
    expect(licenceShapeMessage('PHYSICIAN')).toMatch(/^A CPSBC licence number is 5 digits/);
    expect(licenceShapeMessage('REGISTERED_NURSE')).toMatch(/^A BCCNM licence number is 7 digits/);
    expect(licenceShapeMessage('PHARMACIST')).toMatch(/^A CPBC licence number is 5 digits/);
    expect(licenceShapeMessage('SOCIAL_WORKER')).toMatch(/^A BCCSW licence number is 5 digits/);
  });

  it('each licensed profession shows its college in the hint', () => {
    for (const p of PROFESSION_ORDER) {
      const c = collegeOf(p);
      expect(PROFESSIONS[p].licenceHint).toContain(c ? `${c} licence number` : 'No licence number');
    }
  });
});
