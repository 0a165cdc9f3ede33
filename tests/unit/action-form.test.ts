import type { FieldErrors } from 'react-hook-form';
import { describe, expect, it } from 'vitest';
import { summaryItems } from '@/components/forms/form-errors';
import {
  GENERIC_FORM_ERROR,
  outcomeOfResult,
  outcomeOfThrown,
} from '@/components/forms/use-action-form';
import { currentHref } from '@/components/layout/nav-links';

describe('outcomeOfResult', () => {
  it('passes success data through', () => {
    expect(outcomeOfResult({ ok: true, data: { id: 'w1' } })).toEqual({
      kind: 'success',
      data: { id: 'w1' },
    });
  });

  it('keeps field errors for setError and adds no form error when fields explain it', () => {
    const outcome = outcomeOfResult({
      ok: false,
      code: 'VALIDATION',
      fieldErrors: { email: 'Enter an email address', 'address.city': 'Enter a city', blank: '' },
    });
    expect(outcome).toEqual({
      kind: 'failure',
      fieldErrors: [
        ['email', 'Enter an email address'],
        ['address.city', 'Enter a city'],
      ],
      formError: null,
      correlationId: null,
    });
  });

  it('shows the form error and reference the action gave', () => {
    expect(
      outcomeOfResult({
        ok: false,
        code: 'ALREADY_DECIDED',
        formError: 'Someone else decided first.',
        correlationId: 'ABC123',
      }),
    ).toMatchObject({ formError: 'Someone else decided first.', correlationId: 'ABC123' });
  });

  it('never leaves a failure without words', () => {
    expect(outcomeOfResult({ ok: false, code: 'FORBIDDEN' })).toMatchObject({
      kind: 'failure',
      formError: GENERIC_FORM_ERROR,
    });
  });
});

describe('outcomeOfThrown', () => {
  it('turns a network or server crash into the generic message, with the digest as reference', () => {
    expect(outcomeOfThrown(new TypeError('Failed to fetch'))).toEqual({
      kind: 'failure',
      fieldErrors: [],
      formError: 'Something went wrong. Please try again.',
      correlationId: null,
    });
    const crashed = Object.assign(new Error('An error occurred in the Server Components render.'), {
      digest: '2417309412',
    });
    expect(outcomeOfThrown(crashed)).toMatchObject({ correlationId: '2417309412' });
  });

  it('treats redirect() and notFound() from an action as navigation, not failure', () => {
    const redirect = Object.assign(new Error('NEXT_REDIRECT'), {
      digest: 'NEXT_REDIRECT;push;/worksites/1;307;',
    });
    const notFound = Object.assign(new Error('NEXT_HTTP_ERROR_FALLBACK;404'), {
      digest: 'NEXT_HTTP_ERROR_FALLBACK;404',
    });
    expect(outcomeOfThrown(redirect)).toEqual({ kind: 'navigating' });
    expect(outcomeOfThrown(notFound)).toEqual({ kind: 'navigating' });
  });
});

describe('summaryItems', () => {
  it('flattens nested errors into links to dashed field ids and skips root errors', () => {
    const errors = {
      contactEmail: { type: 'server', message: 'Enter an email address' },
      address: { city: { type: 'too_small', message: 'Enter a city' } },
      phones: [undefined, { number: { type: 'invalid', message: 'Enter 10 digits' } }],
      root: { type: 'server', message: 'Form-level problem' },
    } as unknown as FieldErrors;
    expect(summaryItems(errors)).toEqual([
      { fieldId: 'contactEmail', message: 'Enter an email address' },
      { fieldId: 'address-city', message: 'Enter a city' },
      { fieldId: 'phones-1-number', message: 'Enter 10 digits' },
    ]);
  });

  it('does not walk into the DOM element react-hook-form keeps on each error', () => {
    const ref = { id: 'x', message: 'not an error', parentNode: { message: 'nor this' } };
    const errors = { email: { type: 'server', message: 'Taken', ref } } as unknown as FieldErrors;
    expect(summaryItems(errors)).toEqual([{ fieldId: 'email', message: 'Taken' }]);
  });
});

describe('currentHref', () => {
  const nav = [
    { href: '/', label: 'Dashboard' },
    { href: '/admin', label: 'Enrolment team' },
    { href: '/admin/people', label: 'People' },
  ];

  it.each([
    ['/', '/'],
    ['/profile', undefined],
    ['/admin', '/admin'],
    ['/admin/worksites/1', '/admin'],
    ['/admin/people/9', '/admin/people'],
    ['/administrator', undefined],
  ])('%s marks %s as current', (path, expected) => {
    expect(currentHref(path, nav)).toBe(expected);
  });
});
