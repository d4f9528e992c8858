-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- CreateIndex
CREATE INDEX "sso_user_display_name_upper_trgm_idx" ON "sso_user" USING GIN ("display_name_upper" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "sso_user_first_name_upper_trgm_idx" ON "sso_user" USING GIN ("first_name_upper" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "sso_user_middle_name_upper_trgm_idx" ON "sso_user" USING GIN ("middle_name_upper" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "sso_user_last_name_upper_trgm_idx" ON "sso_user" USING GIN ("last_name_upper" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "sso_user_display_name_username_sign_up_time_user_id_idx" ON "sso_user"("display_name", "username", "sign_up_time", "user_id");

