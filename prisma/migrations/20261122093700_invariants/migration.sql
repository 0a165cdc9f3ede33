-- Invariants the database enforces itself, so that no code path or race can break them.
-- Prisma's diff ignores functions and triggers, so later generated migrations leave these alone.

-- 1. Append-only records: audit events, submission snapshots and status histories.
CREATE FUNCTION cc_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'append-only table "%": % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION cc_refuse_change();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON "AuditEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION cc_refuse_change();
CREATE TRIGGER submission_snapshot_append_only BEFORE UPDATE OR DELETE ON "SubmissionSnapshot"
  FOR EACH ROW EXECUTE FUNCTION cc_refuse_change();
CREATE TRIGGER worksite_status_change_append_only BEFORE UPDATE OR DELETE ON "WorksiteStatusChange"
  FOR EACH ROW EXECUTE FUNCTION cc_refuse_change();
CREATE TRIGGER enrolment_status_change_append_only BEFORE UPDATE OR DELETE ON "EnrolmentStatusChange"
  FOR EACH ROW EXECUTE FUNCTION cc_refuse_change();
CREATE TRIGGER membership_status_change_append_only BEFORE UPDATE OR DELETE ON "MembershipStatusChange"
  FOR EACH ROW EXECUTE FUNCTION cc_refuse_change();
CREATE TRIGGER person_status_change_append_only BEFORE UPDATE OR DELETE ON "PersonStatusChange"
  FOR EACH ROW EXECUTE FUNCTION cc_refuse_change();

-- 2. Audit hash chain: hash = sha256(prevHash | canonical fields). An advisory lock serializes
-- inserts so the chain stays linear under concurrency; verification recomputes the same text.
CREATE FUNCTION cc_audit_canonical(e "AuditEvent") RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT concat_ws('|',
    e."prevHash",
    to_char(e."occurredAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS'),
    e."actorType"::text, coalesce(e."actorId"::text, ''), coalesce(e."actorLabel", ''),
    e."action", e."targetType"::text, coalesce(e."targetId", ''),
    coalesce(e."worksiteId"::text, ''), coalesce(e."personId"::text, ''),
    coalesce(e."before"::text, ''), coalesce(e."after"::text, ''),
    coalesce(e."requestId", ''), coalesce(e."ip", ''))
$$;

CREATE FUNCTION cc_audit_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE last_hash text;
BEGIN
  PERFORM pg_advisory_xact_lock(727274);
  SELECT "hash" INTO last_hash FROM "AuditEvent" ORDER BY "id" DESC LIMIT 1;
  NEW."prevHash" := coalesce(last_hash, repeat('0', 64));
  NEW."hash" := encode(sha256(convert_to(cc_audit_canonical(NEW), 'UTF8')), 'hex');
  RETURN NEW;
END $$;

CREATE TRIGGER audit_event_chain BEFORE INSERT ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION cc_audit_chain();

-- Returns the first broken link, or no row when the chain is intact.
CREATE FUNCTION cc_audit_verify() RETURNS TABLE (bad_id bigint, problem text) LANGUAGE plpgsql AS $$
DECLARE r "AuditEvent"; expected_prev text := repeat('0', 64);
BEGIN
  FOR r IN SELECT * FROM "AuditEvent" ORDER BY "id" LOOP
    IF r."prevHash" IS DISTINCT FROM expected_prev THEN
      bad_id := r."id"; problem := 'link to the previous event is broken'; RETURN NEXT; RETURN;
    END IF;
    IF r."hash" IS DISTINCT FROM encode(sha256(convert_to(cc_audit_canonical(r), 'UTF8')), 'hex') THEN
      bad_id := r."id"; problem := 'content does not match its hash'; RETURN NEXT; RETURN;
    END IF;
    expected_prev := r."hash";
  END LOOP;
END $$;

-- 3. A worksite always keeps at least one active site admin. Locking the worksite row makes
-- concurrent demotions queue up, and each re-counts after the previous one committed.
CREATE FUNCTION cc_keep_one_site_admin() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE ws_status text; remaining int;
BEGIN
  IF OLD."isSiteAdmin" AND OLD."status" = 'ACTIVE'
     AND NOT (NEW."isSiteAdmin" AND NEW."status" = 'ACTIVE') THEN
    SELECT "status"::text INTO ws_status FROM "Worksite" WHERE "id" = OLD."worksiteId" FOR UPDATE;
    IF ws_status IN ('CLOSED', 'DECLINED') THEN
      RETURN NEW;
    END IF;
    SELECT count(*) INTO remaining FROM "Membership"
      WHERE "worksiteId" = OLD."worksiteId" AND "isSiteAdmin" AND "status" = 'ACTIVE'
        AND "id" <> OLD."id";
    IF remaining = 0 THEN
      RAISE EXCEPTION 'LAST_SITE_ADMIN: worksite % would have no active site admin', OLD."worksiteId"
        USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER membership_keep_one_site_admin AFTER UPDATE ON "Membership"
  FOR EACH ROW EXECUTE FUNCTION cc_keep_one_site_admin();
CREATE TRIGGER membership_keep_one_site_admin_delete AFTER DELETE ON "Membership"
  FOR EACH ROW WHEN (OLD."isSiteAdmin" AND OLD."status" = 'ACTIVE')
  EXECUTE FUNCTION cc_refuse_change();
