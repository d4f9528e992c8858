-- The audit log, partitioned by the UTC day of created_at, so that records older than
-- [audit] retention_days go by dropping whole partitions: rows stay append-only (the guard
-- refuses UPDATE, DELETE and TRUNCATE of the table), and only sso_audit_maintain(), run by the
-- cleanup job, drops partitions, and only those older than the retention the schema's owner set.
ALTER TABLE "sso_audit_log" RENAME TO "sso_audit_log_unpartitioned";
ALTER TABLE "sso_audit_log_unpartitioned" DROP CONSTRAINT "sso_audit_log_pkey";
-- PostgreSQL 18 names NOT NULL constraints after their table: free the names for the new table.
DO $$
DECLARE
  c record;
BEGIN
  FOR c IN SELECT conname FROM pg_constraint WHERE conrelid = '"sso_audit_log_unpartitioned"'::regclass AND contype = 'n' LOOP
    EXECUTE format('ALTER TABLE "sso_audit_log_unpartitioned" RENAME CONSTRAINT %I TO %I', c.conname, 'old_' || c.conname);
  END LOOP;
END
$$;
DROP INDEX "sso_audit_log_cid_idx", "sso_audit_log_created_at_idx", "sso_audit_log_actor_user_id_idx", "sso_audit_log_target_user_id_idx";

CREATE TABLE "sso_audit_log" (
    "id" BIGINT NOT NULL DEFAULT nextval('sso_audit_log_id_seq'),
    "cid" CHAR(24) NOT NULL,
    "created_at" TIMESTAMP(6) NOT NULL,
    "op" VARCHAR(64) NOT NULL,
    "actor_user_id" VARCHAR(191),
    "actor_session_id" VARCHAR(30),
    "target_user_id" VARCHAR(191),
    "target_username" VARCHAR(191),
    "current_app" VARCHAR(191),
    "remote_addr" TEXT,
    "peer_addr" TEXT,
    "user_agent" TEXT,
    "outcome" VARCHAR(16) NOT NULL,
    "sub_status" TEXT[],
    "details" JSONB NOT NULL,

    CONSTRAINT "sso_audit_log_pkey" PRIMARY KEY ("id", "created_at")
) PARTITION BY RANGE ("created_at");
ALTER SEQUENCE "sso_audit_log_id_seq" OWNED BY "sso_audit_log"."id";

CREATE INDEX "sso_audit_log_cid_idx" ON "sso_audit_log"("cid");
CREATE INDEX "sso_audit_log_created_at_idx" ON "sso_audit_log" USING BRIN ("created_at");
CREATE INDEX "sso_audit_log_actor_user_id_idx" ON "sso_audit_log"("actor_user_id");
CREATE INDEX "sso_audit_log_target_user_id_idx" ON "sso_audit_log"("target_user_id");

-- Records of a day without a partition of its own (a clock far off): kept, never dropped.
CREATE TABLE "sso_audit_log_default" PARTITION OF "sso_audit_log" DEFAULT;

CREATE TRIGGER sso_audit_log_no_update_or_delete
  BEFORE UPDATE OR DELETE ON "sso_audit_log"
  FOR EACH ROW EXECUTE FUNCTION sso_audit_log_append_only();

CREATE TRIGGER sso_audit_log_no_truncate
  BEFORE TRUNCATE ON "sso_audit_log"
  FOR EACH STATEMENT EXECUTE FUNCTION sso_audit_log_append_only();

-- One row, written by the schema's owner at every start: the application's role cannot change it.
CREATE TABLE "sso_audit_policy" (
    "id" BOOLEAN NOT NULL DEFAULT true,
    "retention_days" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "sso_audit_policy_pkey" PRIMARY KEY ("id")
);
INSERT INTO "sso_audit_policy" DEFAULT VALUES;

-- The two functions below name the gateway's objects with their schema and resolve everything
-- else in pg_catalog alone: sso_audit_maintain() runs with the owner's rights, and a caller that
-- could create objects in a schema on its search_path (or in its temporary schema) must not be
-- able to slip its own functions, operators or tables into it. They are written with the schema
-- of this migration filled in.
DO $migration$
DECLARE
  s text := quote_ident(current_schema());
BEGIN
  -- The partition of one day, unless it exists or the default partition holds records of that day.
  EXECUTE format($f$
    CREATE FUNCTION %1$s.sso_audit_partition_for(day date) RETURNS text
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $body$
    DECLARE
      name text := 'sso_audit_log_p' || to_char(day, 'YYYYMMDD');
    BEGIN
      IF to_regclass(%2$L || '.' || quote_ident(name)) IS NOT NULL THEN
        RETURN NULL;
      END IF;
      IF EXISTS (SELECT 1 FROM %1$s.sso_audit_log_default WHERE created_at >= day AND created_at < day + 1) THEN
        RETURN NULL;
      END IF;
      EXECUTE format('CREATE TABLE %1$s.%%I PARTITION OF %1$s.sso_audit_log FOR VALUES FROM (%%L) TO (%%L)',
        name, day::timestamp, (day + 1)::timestamp);
      RETURN name;
    EXCEPTION
      -- A record of that day reached the default partition meanwhile, or another caller made it.
      WHEN check_violation OR duplicate_table THEN
        RETURN NULL;
    END
    $body$$f$, s, s);

  -- Makes the partitions of yesterday to a week ahead, and drops (31 at most a call, oldest
  -- first) those whose every record is older than sso_audit_policy.retention_days (0: none).
  -- Days are UTC days of the database's clock. Waits at most 2 s for a lock, so that audit
  -- writes never queue behind it for long: what it could not do, the next call does.
  EXECUTE format($f$
    CREATE FUNCTION %1$s.sso_audit_maintain() RETURNS TABLE(action text, partition_name text)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET lock_timeout = '2s' AS $body$
    DECLARE
      today date := (now() AT TIME ZONE 'UTC')::date;
      keep integer;
      made text;
      old record;
    BEGIN
      -- Processes starting together, and the cleanup job, maintain one at a time.
      PERFORM pg_advisory_xact_lock(7310583203);
      FOR ahead IN -1..7 LOOP
        made := %1$s.sso_audit_partition_for(today + ahead);
        IF made IS NOT NULL THEN
          action := 'created';
          partition_name := made;
          RETURN NEXT;
        END IF;
      END LOOP;
      SELECT p.retention_days INTO keep FROM %1$s.sso_audit_policy p WHERE p.id;
      IF keep > 0 THEN
        FOR old IN
          SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
          WHERE i.inhparent = %2$L::regclass AND c.relname ~ '^sso_audit_log_p[0-9]{8}$'
            AND to_date(substr(c.relname::text, 16), 'YYYYMMDD') + 1 <= today - keep
          ORDER BY c.relname
          LIMIT 31
        LOOP
          EXECUTE format('DROP TABLE %1$s.%%I', old.relname);
          action := 'dropped';
          partition_name := old.relname;
          RETURN NEXT;
        END LOOP;
      END IF;
    END
    $body$$f$, s, s || '.sso_audit_log');
END
$migration$;
REVOKE ALL ON FUNCTION sso_audit_maintain() FROM PUBLIC;
REVOKE ALL ON FUNCTION sso_audit_partition_for(date) FROM PUBLIC;

-- The records so far, in partitions of their own days (the last ten years; older ones go to the default).
DO $$
DECLARE
  day date;
BEGIN
  FOR day IN
    SELECT DISTINCT created_at::date FROM sso_audit_log_unpartitioned
    WHERE created_at >= (now() AT TIME ZONE 'UTC')::date - 3650
  LOOP
    PERFORM sso_audit_partition_for(day);
  END LOOP;
END
$$;
SELECT count(*) FROM sso_audit_maintain();
INSERT INTO "sso_audit_log" ("id", "cid", "created_at", "op", "actor_user_id", "actor_session_id", "target_user_id",
  "target_username", "current_app", "remote_addr", "peer_addr", "user_agent", "outcome", "sub_status", "details")
SELECT "id", "cid", "created_at", "op", "actor_user_id", "actor_session_id", "target_user_id",
  "target_username", "current_app", "remote_addr", "peer_addr", "user_agent", "outcome", "sub_status", "details"
FROM "sso_audit_log_unpartitioned";
DROP TABLE "sso_audit_log_unpartitioned";
