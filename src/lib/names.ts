export type NameParts = {
  legalGivenName: string;
  legalFamilyName: string;
  preferredGivenName?: string | null;
  preferredFamilyName?: string | null;
};

/** The name shown in the portal: the preferred name where one is set, else the legal name. */
export function displayName(p: NameParts): string {
  const given = p.preferredGivenName?.trim() || p.legalGivenName;
  const family = p.preferredFamilyName?.trim() || p.legalFamilyName;
  return `${given} ${family}`.trim();
}

export const legalName = (p: NameParts) => `${p.legalGivenName} ${p.legalFamilyName}`.trim();
