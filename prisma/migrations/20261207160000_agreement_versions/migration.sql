-- Agreement versions (SPEC §15): an effective date, whether earlier acceptances must be renewed,
-- a grace period, and who published it. Existing rows took effect when they were published.
ALTER TABLE "AgreementVersion"
  ADD COLUMN "effectiveAt" TIMESTAMPTZ(3),
  ADD COLUMN "reacceptRequired" BOOLEAN NOT NULL DEFAULT true,
  ADD COLUMN "graceDays" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "publishedById" UUID;
-- "publishedAt" is a timestamp without time zone holding UTC.
UPDATE "AgreementVersion" SET "effectiveAt" = "publishedAt" AT TIME ZONE 'UTC';
ALTER TABLE "AgreementVersion" ALTER COLUMN "effectiveAt" SET NOT NULL,
  ADD CONSTRAINT "AgreementVersion_graceDays_check" CHECK ("graceDays" BETWEEN 0 AND 365);
CREATE INDEX "AgreementVersion_publishedById_idx" ON "AgreementVersion"("publishedById");
ALTER TABLE "AgreementVersion" ADD CONSTRAINT "AgreementVersion_publishedById_fkey"
  FOREIGN KEY ("publishedById") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "DeclarationVersion"
  ADD COLUMN "effectiveAt" TIMESTAMPTZ(3),
  ADD COLUMN "reacceptRequired" BOOLEAN NOT NULL DEFAULT true,
  ADD COLUMN "graceDays" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "publishedById" UUID;
UPDATE "DeclarationVersion" SET "effectiveAt" = "publishedAt" AT TIME ZONE 'UTC';
ALTER TABLE "DeclarationVersion" ALTER COLUMN "effectiveAt" SET NOT NULL,
  ADD CONSTRAINT "DeclarationVersion_graceDays_check" CHECK ("graceDays" BETWEEN 0 AND 365);
CREATE INDEX "DeclarationVersion_publishedById_idx" ON "DeclarationVersion"("publishedById");
ALTER TABLE "DeclarationVersion" ADD CONSTRAINT "DeclarationVersion_publishedById_fkey"
  FOREIGN KEY ("publishedById") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A published version is what people signed: its content never changes and it is never deleted.
-- Only "updatedAt" may move (an idempotent upsert of a shipped version touches nothing else).
CREATE FUNCTION cc_refuse_version_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (to_jsonb(NEW) - 'updatedAt') = (to_jsonb(OLD) - 'updatedAt') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'published version in "%" is immutable: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER agreement_version_immutable BEFORE UPDATE OR DELETE ON "AgreementVersion"
  FOR EACH ROW EXECUTE FUNCTION cc_refuse_version_change();
CREATE TRIGGER agreement_version_no_truncate BEFORE TRUNCATE ON "AgreementVersion"
  FOR EACH STATEMENT EXECUTE FUNCTION cc_refuse_version_change();
CREATE TRIGGER declaration_version_immutable BEFORE UPDATE OR DELETE ON "DeclarationVersion"
  FOR EACH ROW EXECUTE FUNCTION cc_refuse_version_change();
CREATE TRIGGER declaration_version_no_truncate BEFORE TRUNCATE ON "DeclarationVersion"
  FOR EACH STATEMENT EXECUTE FUNCTION cc_refuse_version_change();
