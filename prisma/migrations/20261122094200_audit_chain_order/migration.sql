-- The id default was drawn before the chain lock, so under concurrency a later id could be
-- chained first and verification (which walks ids in order) reported a broken link. Drawing the
-- id after the lock makes id order the chain order.
-- The chain head is read with the statement's snapshot; under REPEATABLE READ or SERIALIZABLE
-- that snapshot predates the lock and would fork the chain, so those transactions are refused.
CREATE OR REPLACE FUNCTION cc_audit_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE last_hash text;
BEGIN
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION 'audit events must be written in a READ COMMITTED transaction, not %',
      upper(current_setting('transaction_isolation')) USING ERRCODE = 'feature_not_supported';
  END IF;
  PERFORM pg_advisory_xact_lock(727274);
  NEW."id" := nextval(pg_get_serial_sequence('"AuditEvent"', 'id'));
  SELECT "hash" INTO last_hash FROM "AuditEvent" ORDER BY "id" DESC LIMIT 1;
  NEW."prevHash" := coalesce(last_hash, repeat('0', 64));
  NEW."hash" := encode(sha256(convert_to(cc_audit_canonical(NEW), 'UTF8')), 'hex');
  RETURN NEW;
END $$;
