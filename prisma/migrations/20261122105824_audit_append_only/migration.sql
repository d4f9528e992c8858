-- The audit log is append-only (behaviour §16): no surface may change or delete a record, and
-- neither may a bug. Deleting a user leaves the records about them in place.
CREATE FUNCTION sso_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'sso_audit_log is append-only';
END
$$;

CREATE TRIGGER sso_audit_log_no_update_or_delete
  BEFORE UPDATE OR DELETE ON "sso_audit_log"
  FOR EACH ROW EXECUTE FUNCTION sso_audit_log_append_only();

CREATE TRIGGER sso_audit_log_no_truncate
  BEFORE TRUNCATE ON "sso_audit_log"
  FOR EACH STATEMENT EXECUTE FUNCTION sso_audit_log_append_only();
