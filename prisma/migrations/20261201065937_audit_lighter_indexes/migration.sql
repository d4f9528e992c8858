-- DropIndex
DROP INDEX "sso_audit_log_created_at_idx";

-- DropIndex
DROP INDEX "sso_audit_log_op_idx";

-- CreateIndex
CREATE INDEX "sso_audit_log_created_at_idx" ON "sso_audit_log" USING BRIN ("created_at");

