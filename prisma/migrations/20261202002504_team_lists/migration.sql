-- CreateIndex
CREATE INDEX "Membership_assignedToId_idx" ON "Membership"("assignedToId");

-- CreateIndex
CREATE INDEX "PharmanetUserRequest_assignedToId_idx" ON "PharmanetUserRequest"("assignedToId");

-- CreateIndex
CREATE INDEX "PharmanetWorksiteRequest_assignedToId_idx" ON "PharmanetWorksiteRequest"("assignedToId");

-- CreateIndex
CREATE INDEX "ProfessionChangeRequest_assignedToId_idx" ON "ProfessionChangeRequest"("assignedToId");

-- CreateIndex
CREATE INDEX "RemoteAccessRequest_assignedToId_idx" ON "RemoteAccessRequest"("assignedToId");

-- CreateIndex
CREATE INDEX "Worksite_status_closureRequestedAt_id_idx" ON "Worksite"("status", "closureRequestedAt", "id");

-- Hand-written: expression indexes for the team's search (src/server/team/search-queries.ts).
-- Prisma cannot declare them; schema.prisma names them in comments. Each serves one key:
-- prefixes use text_pattern_ops so `LIKE 'abc%'` is an index range whatever the collation.

-- People: the legal full name, the name the portal shows (preferred parts where set, as
-- displayName() does), and each family name, all lower-cased.
CREATE INDEX "Person_search_legal_name_idx" ON "Person"
  (lower("legalGivenName" || ' ' || "legalFamilyName") text_pattern_ops);
CREATE INDEX "Person_search_shown_name_idx" ON "Person"
  (lower(coalesce(nullif(btrim("preferredGivenName"), ''), "legalGivenName") || ' ' ||
         coalesce(nullif(btrim("preferredFamilyName"), ''), "legalFamilyName")) text_pattern_ops);
CREATE INDEX "Person_search_legal_family_idx" ON "Person" (lower("legalFamilyName") text_pattern_ops);
CREATE INDEX "Person_search_preferred_family_idx" ON "Person" (lower("preferredFamilyName") text_pattern_ops);
CREATE INDEX "Person_search_contact_email_idx" ON "Person" (lower("contactEmail"));
CREATE INDEX "Person_search_idp_email_idx" ON "Person" (lower("idpEmail"));

-- Licence numbers are stored without spaces; people type them in any case.
CREATE INDEX "Enrolment_search_licence_idx" ON "Enrolment" (upper("licenceNumber"));

-- Worksites: legal and operating names (prefix), email (exact). The Worksite ID is unique already.
CREATE INDEX "Worksite_search_legal_name_idx" ON "Worksite" (lower("legalName") text_pattern_ops);
CREATE INDEX "Worksite_search_operating_name_idx" ON "Worksite" (lower("operatingName") text_pattern_ops);
CREATE INDEX "Worksite_search_email_idx" ON "Worksite" (lower("email"));
