import 'server-only';
import { db } from '../db';

export type ProfileView = {
  legalName: string;
  birthdate: string | null; // YYYY-MM-DD
  preferredGivenName: string;
  preferredFamilyName: string;
  contactEmail: string;
  contactPhone: string;
};

export async function getProfile(personId: string): Promise<ProfileView | null> {
  const p = await db().person.findUnique({ where: { id: personId } });
  if (!p) return null;
  return {
    legalName: `${p.legalGivenName} ${p.legalFamilyName}`,
    birthdate: p.birthdate ? p.birthdate.toISOString().slice(0, 10) : null,
    preferredGivenName: p.preferredGivenName ?? '',
    preferredFamilyName: p.preferredFamilyName ?? '',
    contactEmail: p.contactEmail ?? '',
    contactPhone: p.contactPhone ?? '',
  };
}
