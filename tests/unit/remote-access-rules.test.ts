import { describe, expect, it } from 'vitest';
import { PROFESSION_ORDER } from '@/server/professions/rules';
import { remoteAccessEligibility } from '@/server/remote-access/rules';

describe('remoteAccessEligibility', () => {
  it('only physicians and nurse practitioners may ask (policy table)', () => {
    const allowed = PROFESSION_ORDER.filter(
      (profession) => remoteAccessEligibility({ profession, effectiveStatus: 'ACTIVE', openRequest: null }).ok,
    );
    expect(allowed).toEqual(['PHYSICIAN', 'NURSE_PRACTITIONER']);
  });

  it('tells a registered nurse why, in plain words', () => {
    const r = remoteAccessEligibility({ profession: 'REGISTERED_NURSE', effectiveStatus: 'ACTIVE', openRequest: null });
    expect(r).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(!r.ok && r.reason).toContain('only for physicians and nurse practitioners');
    expect(!r.ok && r.reason).toContain('Registered Nurse');
  });

  it('needs an active membership and no open request', () => {
    expect(remoteAccessEligibility({ profession: 'PHYSICIAN', effectiveStatus: 'PENDING_REVIEW', openRequest: null })).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    expect(remoteAccessEligibility({ profession: 'PHYSICIAN', effectiveStatus: 'ACTIVE', openRequest: 'REQUESTED' })).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(remoteAccessEligibility({ profession: 'PHYSICIAN', effectiveStatus: 'ACTIVE', openRequest: 'APPROVED' })).toMatchObject({ ok: false, code: 'CONFLICT' });
  });
});
