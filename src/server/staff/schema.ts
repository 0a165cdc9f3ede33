import { z } from 'zod';
import { emailAddress } from '@/lib/validation';

const roleSchema = z.enum(['ENROLMENT_TEAM', 'AUDITOR', 'STAFF_ADMIN'], { error: 'Choose a role' });
const recordId = z.string().trim().min(1, 'Missing record').max(100, 'Missing record');

// A role goes to a person picked by id from those who have signed in, never to an email.
export const grantStaffRoleSchema = z.strictObject({ personId: recordId, role: roleSchema });

export const revokeStaffRoleSchema = z.strictObject({ personId: recordId, role: roleSchema });

export const inviteStaffSchema = z.strictObject({ email: emailAddress, role: roleSchema });

export const staffInvitationActionSchema = z.strictObject({ invitationId: recordId });

// The token's shape is checked by the service, so a mangled link gets the "not valid" message.
export const acceptStaffInvitationSchema = z.strictObject({
  token: z.string().max(200, 'This staff invitation link is not valid.'),
});

export type InviteStaffInput = z.input<typeof inviteStaffSchema>;
