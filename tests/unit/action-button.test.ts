import { describe, expect, it } from 'vitest';
import { buttonOutcome } from '@/components/forms/use-action-button';
import { GENERIC_FORM_ERROR } from '@/components/forms/use-action-form';

describe('buttonOutcome: what a button shows once its action settles', () => {
  it('a success carries the data and no code', () => {
    expect(buttonOutcome({ ok: true, data: { status: 'APPROVED' } })).toEqual({ outcome: { kind: 'success', data: { status: 'APPROVED' } }, code: null });
  });

  it('a refusal keeps its code, so the page switches on it rather than on the words', () => {
    const r = buttonOutcome({ ok: false, code: 'LAST_SITE_ADMIN', formError: 'Make another member a site administrator first.' });
    expect(r.code).toBe('LAST_SITE_ADMIN');
    expect(r.outcome).toMatchObject({ kind: 'failure', formError: 'Make another member a site administrator first.' });
  });

  it('a missing reason lands on its field', () => {
    const r = buttonOutcome({ ok: false, code: 'VALIDATION', fieldErrors: { reason: 'Tell the person why' } });
    expect(r).toEqual({ outcome: { kind: 'failure', fieldErrors: [['reason', 'Tell the person why']], formError: null, correlationId: null }, code: 'VALIDATION' });
  });

  it('a thrown call is a generic failure with the digest as reference, or a navigation', () => {
    expect(buttonOutcome({ thrown: Object.assign(new Error('x'), { digest: '12345' }) })).toEqual({
      outcome: { kind: 'failure', fieldErrors: [], formError: GENERIC_FORM_ERROR, correlationId: '12345' },
      code: null,
    });
    expect(buttonOutcome({ thrown: Object.assign(new Error('x'), { digest: 'NEXT_REDIRECT;replace;/x' }) }).outcome).toEqual({ kind: 'navigating' });
  });
});
