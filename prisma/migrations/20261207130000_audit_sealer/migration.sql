-- Audit rows no longer queue behind one lock. Writers insert unsealed rows (no sequence number,
-- no hash) in their own transactions; one sealer at a time numbers the committed ones and
-- extends the hash chain in batches, then records a signed checkpoint of the chain's head.

ALTER TABLE "AuditEvent"
  ADD COLUMN "seq" BIGINT,
  ADD COLUMN "sealedAt" TIMESTAMP(3),
  ALTER COLUMN "prevHash" DROP NOT NULL,
  ALTER COLUMN "hash" DROP NOT NULL;

-- Rows written before this change were chained in id order: that order becomes their sequence.
ALTER TABLE "AuditEvent" DISABLE TRIGGER audit_event_append_only;
UPDATE "AuditEvent" a SET "seq" = s.n, "sealedAt" = a."occurredAt"
  FROM (SELECT "id", row_number() OVER (ORDER BY "id") AS n FROM "AuditEvent") s
  WHERE a."id" = s."id";
ALTER TABLE "AuditEvent" ENABLE TRIGGER audit_event_append_only;

CREATE UNIQUE INDEX "AuditEvent_seq_key" ON "AuditEvent"("seq");
-- The sealer's scan: only unsealed rows, oldest id first.
CREATE INDEX "AuditEvent_unsealed_idx" ON "AuditEvent"("id") WHERE "seq" IS NULL;

-- Inserts take no lock and cannot arrive pre-sealed.
DROP TRIGGER audit_event_chain ON "AuditEvent";
DROP FUNCTION cc_audit_chain();
CREATE FUNCTION cc_audit_unsealed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."seq" := NULL; NEW."prevHash" := NULL; NEW."hash" := NULL; NEW."sealedAt" := NULL;
  RETURN NEW;
END $$;
CREATE TRIGGER audit_event_unsealed BEFORE INSERT ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION cc_audit_unsealed();

-- Updates: only sealing an unsealed row, once, as the next link of the chain, content unchanged.
CREATE FUNCTION cc_audit_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE prev_hash text;
BEGIN
  IF TG_OP = 'DELETE' OR OLD."seq" IS NOT NULL OR NEW."seq" IS NULL OR NEW."sealedAt" IS NULL
     OR (NEW."id", NEW."occurredAt", NEW."actorType", NEW."actorId", NEW."actorLabel", NEW."action",
         NEW."targetType", NEW."targetId", NEW."worksiteId", NEW."personId", NEW."before"::text,
         NEW."after"::text, NEW."requestId", NEW."ip")
        IS DISTINCT FROM
        (OLD."id", OLD."occurredAt", OLD."actorType", OLD."actorId", OLD."actorLabel", OLD."action",
         OLD."targetType", OLD."targetId", OLD."worksiteId", OLD."personId", OLD."before"::text,
         OLD."after"::text, OLD."requestId", OLD."ip") THEN
    RAISE EXCEPTION 'append-only table "%": % is not allowed', TG_TABLE_NAME, TG_OP
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW."seq" = 1 THEN
    prev_hash := repeat('0', 64);
  ELSE
    SELECT "hash" INTO prev_hash FROM "AuditEvent" WHERE "seq" = NEW."seq" - 1;
  END IF;
  IF prev_hash IS NULL OR NEW."prevHash" IS DISTINCT FROM prev_hash
     OR NEW."hash" IS DISTINCT FROM encode(sha256(convert_to(cc_audit_canonical(NEW), 'UTF8')), 'hex') THEN
    RAISE EXCEPTION 'audit seal of event % is not the next link of the chain', NEW."id"
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;
DROP TRIGGER audit_event_append_only ON "AuditEvent";
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION cc_audit_guard();

-- One batch: numbers up to max_rows committed, unsealed rows in id order after the current
-- head. Any instance may call it; a transaction-scoped advisory lock lets one seal at a time
-- (the others return 0 at once), and a sealer that dies mid-batch rolls back whole.
CREATE FUNCTION cc_audit_seal(max_rows int, sealed_at timestamp without time zone)
  RETURNS TABLE (sealed int, head_seq bigint, head_hash text) LANGUAGE plpgsql AS $$
DECLARE r "AuditEvent"; next_seq bigint; prev text;
BEGIN
  -- A snapshot transaction would not see rows committed after it began and could seal around them.
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION 'the audit sealer must run in a READ COMMITTED transaction' USING ERRCODE = 'feature_not_supported';
  END IF;
  sealed := 0;
  IF NOT pg_try_advisory_xact_lock(727275) THEN
    RETURN NEXT; RETURN;
  END IF;
  SELECT e."seq", e."hash" INTO next_seq, prev FROM "AuditEvent" e
    WHERE e."seq" IS NOT NULL ORDER BY e."seq" DESC LIMIT 1;
  next_seq := coalesce(next_seq, 0);
  prev := coalesce(prev, repeat('0', 64));
  FOR r IN SELECT * FROM "AuditEvent" e WHERE e."seq" IS NULL ORDER BY e."id" LIMIT max_rows LOOP
    next_seq := next_seq + 1;
    r."prevHash" := prev;
    prev := encode(sha256(convert_to(cc_audit_canonical(r), 'UTF8')), 'hex');
    UPDATE "AuditEvent" SET "seq" = next_seq, "prevHash" = r."prevHash", "hash" = prev, "sealedAt" = sealed_at
      WHERE "id" = r."id";
    sealed := sealed + 1;
  END LOOP;
  head_seq := next_seq; head_hash := prev;
  RETURN NEXT;
END $$;

-- The first broken link in sequence order, or no row when the sealed chain is intact.
CREATE OR REPLACE FUNCTION cc_audit_verify() RETURNS TABLE (bad_id bigint, problem text) LANGUAGE plpgsql AS $$
DECLARE r "AuditEvent"; expected_prev text := repeat('0', 64); expected_seq bigint := 1;
BEGIN
  FOR r IN SELECT * FROM "AuditEvent" WHERE "seq" IS NOT NULL ORDER BY "seq" LOOP
    IF r."seq" <> expected_seq THEN
      bad_id := r."id"; problem := format('sequence number %s follows %s', r."seq", expected_seq - 1); RETURN NEXT; RETURN;
    END IF;
    IF r."prevHash" IS DISTINCT FROM expected_prev THEN
      bad_id := r."id"; problem := 'link to the previous event is broken'; RETURN NEXT; RETURN;
    END IF;
    IF r."hash" IS DISTINCT FROM encode(sha256(convert_to(cc_audit_canonical(r), 'UTF8')), 'hex') THEN
      bad_id := r."id"; problem := 'content does not match its hash'; RETURN NEXT; RETURN;
    END IF;
    expected_prev := r."hash";
    expected_seq := expected_seq + 1;
  END LOOP;
END $$;

CREATE TABLE "AuditCheckpoint" (
  "seq" BIGINT NOT NULL,
  "headHash" VARCHAR(64) NOT NULL,
  "signedAt" TIMESTAMP(3) NOT NULL,
  "keyId" VARCHAR(16) NOT NULL,
  "signature" TEXT NOT NULL,
  "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "AuditCheckpoint_pkey" PRIMARY KEY ("seq")
);
CREATE TRIGGER audit_checkpoint_append_only BEFORE UPDATE OR DELETE ON "AuditCheckpoint"
  FOR EACH ROW EXECUTE FUNCTION cc_refuse_change();
