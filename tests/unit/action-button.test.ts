import { describe, expect, it } from 'vitest';
import {
  buttonOutcome,
  formLevelMessage,
  settle,
  type ActionButtonError,
} from '@/components/forms/use-action-button';
import { GENERIC_FORM_ERROR } from '@/components/forms/use-action-form';
import type { ActionResult } from '@/lib/action-result';

describe('buttonOutcome: what a button shows once its action settles', () => {
  it('a success carries the data and no code', () => {
    expect(buttonOutcome({ ok: true, data: { status: 'APPROVED' } })).toEqual({
      outcome: { kind: 'success', data: { status: 'APPROVED' } },
      code: null,
    });
  });

  it('a refusal keeps its code, so the page switches on it rather than on the words', () => {
    const r = buttonOutcome({
      ok: false,
      code: 'LAST_SITE_ADMIN',
      formError: 'Make another member a site administrator first.',
    });
    expect(r.code).toBe('LAST_SITE_ADMIN');
    expect(r.outcome).toMatchObject({
      kind: 'failure',
      formError: 'Make another member a site administrator first.',
    });
  });

  it('a missing reason lands on its field', () => {
    const r = buttonOutcome({
      ok: false,
      code: 'VALIDATION',
      fieldErrors: { reason: 'Tell the person why' },
    });
    expect(r).toEqual({
      outcome: {
        kind: 'failure',
        fieldErrors: [['reason', 'Tell the person why']],
        formError: null,
        correlationId: null,
      },
      code: 'VALIDATION',
    });
  });

  it('a thrown call is a generic failure with the digest as reference, or a navigation', () => {
    expect(buttonOutcome({ thrown: Object.assign(new Error('x'), { digest: '12345' }) })).toEqual({
      outcome: {
        kind: 'failure',
        fieldErrors: [],
        formError: GENERIC_FORM_ERROR,
        correlationId: '12345',
      },
      code: null,
    });
    expect(
      buttonOutcome({
        thrown: Object.assign(new Error('x'), { digest: 'NEXT_REDIRECT;replace;/x' }),
      }).outcome,
    ).toEqual({ kind: 'navigating' });
  });
});

describe('settle: which way a call went, told once', () => {
  const watch = async (call: () => Promise<ActionResult<{ id: string }>>) => {
    const seen: { success?: { id: string }; failure?: ActionButtonError } = {};
    await settle(call, { success: (d) => (seen.success = d), failure: (e) => (seen.failure = e) });
    return seen;
  };

  it('a success hands over the data and reports no refusal', async () => {
    expect(await watch(async () => ({ ok: true, data: { id: 'k1' } }))).toEqual({
      success: { id: 'k1' },
    });
  });

  it('a refusal reports its code, words and reference, and no success', async () => {
    const seen = await watch(async () => ({
      ok: false,
      code: 'ALREADY_DECIDED',
      formError: 'Someone decided this first.',
      correlationId: 'c-1',
    }));
    expect(seen).toEqual({
      failure: {
        message: 'Someone decided this first.',
        code: 'ALREADY_DECIDED',
        fieldErrors: {},
        correlationId: 'c-1',
      },
    });
  });

  it('a call that throws is a generic failure with the digest as reference, never an unhandled rejection', async () => {
    const seen = await watch(() =>
      Promise.reject(Object.assign(new Error('db down'), { digest: '98765' })),
    );
    expect(seen.failure).toEqual({
      message: GENERIC_FORM_ERROR,
      code: null,
      fieldErrors: {},
      correlationId: '98765',
    });
    expect(seen.success).toBeUndefined();
  });

  it('a redirect reports neither: the page is being replaced', async () => {
    const seen = await watch(() =>
      Promise.reject(Object.assign(new Error('x'), { digest: 'NEXT_REDIRECT;push;/done;307;' })),
    );
    expect(seen).toEqual({});
  });
});

describe('formLevelMessage: the words at the top of a form', () => {
  const invalid: ActionButtonError = {
    message: 'Please correct the highlighted fields.',
    code: 'VALIDATION',
    fieldErrors: { requestsPerMinute: 'Enter a whole number from 1 to 100000' },
    correlationId: null,
  };

  it('stay away when a field the form shows already says what is wrong', () => {
    expect(formLevelMessage(invalid, ['name', 'requestsPerMinute'])).toBeNull();
  });

  it('appear when the problem is on a field the form does not show, or on none', () => {
    expect(formLevelMessage(invalid, ['name'])).toBe('Please correct the highlighted fields.');
    expect(
      formLevelMessage({ ...invalid, fieldErrors: {}, message: 'The key was revoked meanwhile.' }, [
        'name',
      ]),
    ).toBe('The key was revoked meanwhile.');
    expect(formLevelMessage(null, ['name'])).toBeNull();
  });
});
