import 'server-only';
import { env } from '@/server/env';
import type { Notice } from '@/server/notify';
import { portalUrl } from '../worksite-email';

export const HPCAA_REACCEPTANCE = 'agreement.hpcaa-reacceptance';

export type HpcaaReacceptance = {
  personId: string;
  to: string;
  name: string;
  /** new-version: a new text was published; expired: 12 months have passed since acceptance. */
  why: 'new-version' | 'expired';
  version: number; // the version to accept now
  title: string;
  /** Tells apart repeated notices of one kind, e.g. the date of the acceptance that expired. */
  occasion?: string;
  /** For a new version: when it takes effect and until when an earlier acceptance still counts
   * ("November 22, 2026"); without them the version is in effect and access is paused. */
  effectiveOn?: string;
  acceptBy?: string;
};

/** "HPCAA re-acceptance needed" (SPEC §12): what changed, that access is paused, where to go. */
export function hpcaaReacceptanceNotice(e: HpcaaReacceptance, appName: string = env().APP_NAME): Notice {
  const because =
    e.why === 'new-version'
      ? `A new version of the ${e.title} (version ${e.version}) has been published. Everyone who uses the CareConnect eHealth Viewer must read and accept the current version.`
      : `It has been 12 months since you accepted the ${e.title}. It must be accepted again every 12 months.`;
  const when =
    e.effectiveOn && e.acceptBy
      ? `It takes effect on ${e.effectiveOn}. Accept it by ${e.acceptBy} to keep your access; after that you cannot open the CareConnect eHealth Viewer until you accept it. It takes a few minutes: sign in, read the agreement and accept it.`
      : 'Until you accept it, you cannot open the CareConnect eHealth Viewer. It takes a few minutes: sign in, read the agreement and accept it.';
  return {
    to: { to: e.to, personId: e.personId },
    email: {
      template: HPCAA_REACCEPTANCE,
      subject: 'HPCAA re-acceptance needed',
      content: {
        heading: 'Please accept the access agreement again',
        paragraphs: [`Hello ${e.name},`, because, when],
        action: { label: 'Read and accept the agreement', url: portalUrl('/agreement') },
        footer: `You are receiving this because you use ${appName}.`,
      },
    },
    // One notice per person per version and occasion, however often the caller is retried.
    dedupeKey: `${HPCAA_REACCEPTANCE}:${e.personId}:v${e.version}:${e.why}${e.occasion ? `:${e.occasion}` : ''}`,
  };
}
