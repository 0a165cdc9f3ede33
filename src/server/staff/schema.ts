import { z } from 'zod';

const roleSchema = z.enum(['ENROLMENT_TEAM', 'AUDITOR', 'STAFF_ADMIN'], { error: 'Choose a role' });
const recordId = z.string().trim().min(1, 'Missing record').max(100, 'Missing record');

export const grantStaffRoleSchema = z.strictObject({
  email: z
    .string()
    .trim()
    .min(1, 'Enter the email address the person signed in with')
    .max(254, 'Email must be 254 characters or fewer')
    .pipe(z.email('Enter an email address, such as name@example.com')),
  role: roleSchema,
});

export const revokeStaffRoleSchema = z.strictObject({ personId: recordId, role: roleSchema });
