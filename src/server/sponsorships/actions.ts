'use server';
import { revalidatePath } from 'next/cache';
import { parseInput, runAction } from '../action';
import { requireUser } from '../auth/session';
import { requestContext } from '../request-context';
import { setLocum } from './locum-service';
import {
  answerSponsorshipSchema,
  endSponsorshipSchema,
  requestSponsorshipSchema,
  setLocumSchema,
} from './schema';
import { answerSponsorship, endSponsorship, requestSponsorship } from './service';

// Public POST endpoints: who, what (ids are loaded scoped to the caller by the service), do,
// refresh, answer.

export async function requestSponsorshipAction(input: unknown) {
  return runAction('requestSponsorship', async () => {
    const me = await requireUser();
    const v = parseInput(requestSponsorshipSchema, input);
    const r = await requestSponsorship(me.id, v, await requestContext());
    revalidatePath(`/worksites/${v.worksiteId}`, 'layout');
    return r;
  });
}

export async function answerSponsorshipAction(input: unknown) {
  return runAction('answerSponsorship', async () => {
    const me = await requireUser();
    const v = parseInput(answerSponsorshipSchema, input);
    const r = await answerSponsorship(
      me.id,
      { sponsorshipId: v.sponsorshipId, accept: v.decision === 'accept' },
      await requestContext(),
    );
    revalidatePath('/sponsorships');
    revalidatePath('/dashboard');
    return r;
  });
}

export async function endSponsorshipAction(input: unknown) {
  return runAction('endSponsorship', async () => {
    const me = await requireUser();
    const v = parseInput(endSponsorshipSchema, input);
    const r = await endSponsorship(me.id, v, await requestContext());
    revalidatePath('/sponsorships');
    revalidatePath('/worksites', 'layout');
    return r;
  });
}

export async function setLocumAction(input: unknown) {
  return runAction('setLocum', async () => {
    const me = await requireUser();
    const v = parseInput(setLocumSchema, input);
    const r = await setLocum(
      me.id,
      { ...v, locumEndDate: v.locumEndDate || null },
      await requestContext(),
    );
    revalidatePath(`/worksites/${v.worksiteId}`, 'layout');
    return r;
  });
}
