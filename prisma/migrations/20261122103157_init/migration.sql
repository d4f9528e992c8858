-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "sso_user" (
    "id" BIGSERIAL NOT NULL,
    "user_id" VARCHAR(191) NOT NULL,
    "username" VARCHAR(191) NOT NULL,
    "password" TEXT NOT NULL,
    "password_is_set" BOOLEAN NOT NULL,
    "password_must_change" BOOLEAN NOT NULL,
    "password_last_set" TIMESTAMP(6) NOT NULL,
    "password_expiry" TIMESTAMP(6) NOT NULL,
    "email" TEXT,
    "email_hash" CHAR(64),
    "display_name" VARCHAR(191),
    "first_name" VARCHAR(191),
    "middle_name" VARCHAR(191),
    "last_name" VARCHAR(191),
    "display_name_upper" VARCHAR(191),
    "first_name_upper" VARCHAR(191),
    "middle_name_upper" VARCHAR(191),
    "last_name_upper" VARCHAR(191),
    "is_active" BOOLEAN NOT NULL,
    "is_internal" BOOLEAN NOT NULL,
    "is_super_user" BOOLEAN NOT NULL,
    "is_locked" BOOLEAN NOT NULL,
    "locked_time" TIMESTAMP(6),
    "locked_by" VARCHAR(191),
    "creation_ctx" TEXT NOT NULL,
    "approval_status" VARCHAR(191) NOT NULL,
    "approval_status_mod_time" TIMESTAMP(6) NOT NULL,
    "approval_status_mod_by" VARCHAR(191) NOT NULL,
    "sign_up_status" VARCHAR(191) NOT NULL,
    "sign_up_time" TIMESTAMP(6) NOT NULL,
    "sign_up_confirm_time" TIMESTAMP(6),
    "sign_up_confirm_token_hash" CHAR(64) NOT NULL,
    "is_totp_enabled" BOOLEAN NOT NULL DEFAULT false,
    "totp_key" TEXT NOT NULL,
    "totp_label" TEXT,
    "is_rate_limit_active" BOOLEAN,
    "rate_limit_type" VARCHAR(40),
    "rate_limit_def" TEXT,
    "rate_limit_check_parent_def" BOOLEAN,

    CONSTRAINT "sso_user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sso_session" (
    "id" BIGSERIAL NOT NULL,
    "session_id" VARCHAR(30) NOT NULL,
    "ust_hash" CHAR(64) NOT NULL,
    "user_id" BIGINT NOT NULL,
    "creation_time" TIMESTAMP(6) NOT NULL,
    "expiration_time" TIMESTAMP(6) NOT NULL,
    "remote_addr" TEXT NOT NULL,
    "user_agent" TEXT,
    "auth_type" VARCHAR(40) NOT NULL,
    "auth_principal" TEXT NOT NULL,
    "ext_session_id" VARCHAR(191),
    "state_change_list" JSONB NOT NULL,

    CONSTRAINT "sso_session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sso_attr" (
    "id" BIGSERIAL NOT NULL,
    "user_id" BIGINT NOT NULL,
    "session_id" BIGINT,
    "is_session_attr" BOOLEAN NOT NULL,
    "scope_key" VARCHAR(30) NOT NULL,
    "name" VARCHAR(191) NOT NULL,
    "value" TEXT,
    "is_encrypted" BOOLEAN NOT NULL,
    "serial_method" VARCHAR(20) NOT NULL,
    "creation_time" TIMESTAMP(6) NOT NULL,
    "last_modified" TIMESTAMP(6) NOT NULL,
    "expiration_time" TIMESTAMP(6) NOT NULL,

    CONSTRAINT "sso_attr_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sso_password_reset" (
    "id" BIGSERIAL NOT NULL,
    "user_id" BIGINT NOT NULL,
    "token_hash" CHAR(64) NOT NULL,
    "type_" VARCHAR(40) NOT NULL,
    "creation_time" TIMESTAMP(6) NOT NULL,
    "expiration_time" TIMESTAMP(6) NOT NULL,
    "creation_ctx" JSONB NOT NULL,
    "reset_key_hash" CHAR(64),
    "reset_key_exp_time" TIMESTAMP(6),
    "has_been_accessed" BOOLEAN NOT NULL,
    "access_time" TIMESTAMP(6),
    "access_ctx" JSONB,
    "is_password_reset" BOOLEAN NOT NULL,
    "password_reset_time" TIMESTAMP(6),
    "password_reset_ctx" JSONB,

    CONSTRAINT "sso_password_reset_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sso_external_credential" (
    "id" BIGSERIAL NOT NULL,
    "auth_type" VARCHAR(40) NOT NULL,
    "username" VARCHAR(191) NOT NULL,
    "password_hash" TEXT NOT NULL,
    "is_active" BOOLEAN NOT NULL,
    "creation_time" TIMESTAMP(6) NOT NULL,
    "last_modified" TIMESTAMP(6) NOT NULL,

    CONSTRAINT "sso_external_credential_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sso_linked_auth" (
    "id" BIGSERIAL NOT NULL,
    "user_id" BIGINT NOT NULL,
    "credential_id" BIGINT NOT NULL,
    "auth_type" VARCHAR(40) NOT NULL,
    "is_active" BOOLEAN NOT NULL,
    "is_internal" BOOLEAN NOT NULL,
    "creation_time" TIMESTAMP(6) NOT NULL,
    "last_modified" TIMESTAMP(6) NOT NULL,

    CONSTRAINT "sso_linked_auth_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sso_audit_log" (
    "id" BIGSERIAL NOT NULL,
    "cid" CHAR(24) NOT NULL,
    "created_at" TIMESTAMP(6) NOT NULL,
    "op" VARCHAR(64) NOT NULL,
    "actor_user_id" VARCHAR(191),
    "actor_session_id" VARCHAR(30),
    "target_user_id" VARCHAR(191),
    "target_username" VARCHAR(191),
    "current_app" VARCHAR(191),
    "remote_addr" TEXT,
    "user_agent" TEXT,
    "outcome" VARCHAR(16) NOT NULL,
    "sub_status" TEXT[],
    "details" JSONB NOT NULL,

    CONSTRAINT "sso_audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "sso_user_user_id_key" ON "sso_user"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "sso_user_username_key" ON "sso_user"("username");

-- CreateIndex
CREATE UNIQUE INDEX "sso_user_sign_up_confirm_token_hash_key" ON "sso_user"("sign_up_confirm_token_hash");

-- CreateIndex
CREATE INDEX "sso_user_email_hash_idx" ON "sso_user"("email_hash");

-- CreateIndex
CREATE INDEX "sso_user_approval_status_idx" ON "sso_user"("approval_status");

-- CreateIndex
CREATE INDEX "sso_user_sign_up_status_idx" ON "sso_user"("sign_up_status");

-- CreateIndex
CREATE INDEX "sso_user_display_name_upper_idx" ON "sso_user"("display_name_upper");

-- CreateIndex
CREATE INDEX "sso_user_first_name_upper_middle_name_upper_last_name_upper_idx" ON "sso_user"("first_name_upper", "middle_name_upper", "last_name_upper");

-- CreateIndex
CREATE INDEX "sso_user_last_name_upper_idx" ON "sso_user"("last_name_upper");

-- CreateIndex
CREATE UNIQUE INDEX "sso_session_session_id_key" ON "sso_session"("session_id");

-- CreateIndex
CREATE UNIQUE INDEX "sso_session_ust_hash_key" ON "sso_session"("ust_hash");

-- CreateIndex
CREATE INDEX "sso_session_user_id_idx" ON "sso_session"("user_id");

-- CreateIndex
CREATE INDEX "sso_session_expiration_time_idx" ON "sso_session"("expiration_time");

-- CreateIndex
CREATE INDEX "sso_session_ext_session_id_idx" ON "sso_session"("ext_session_id");

-- CreateIndex
CREATE INDEX "sso_attr_user_id_idx" ON "sso_attr"("user_id");

-- CreateIndex
CREATE INDEX "sso_attr_session_id_idx" ON "sso_attr"("session_id");

-- CreateIndex
CREATE INDEX "sso_attr_expiration_time_idx" ON "sso_attr"("expiration_time");

-- CreateIndex
CREATE UNIQUE INDEX "sso_attr_user_id_is_session_attr_scope_key_name_key" ON "sso_attr"("user_id", "is_session_attr", "scope_key", "name");

-- CreateIndex
CREATE INDEX "sso_password_reset_user_id_idx" ON "sso_password_reset"("user_id");

-- CreateIndex
CREATE INDEX "sso_password_reset_expiration_time_idx" ON "sso_password_reset"("expiration_time");

-- CreateIndex
CREATE UNIQUE INDEX "sso_password_reset_token_hash_type__key" ON "sso_password_reset"("token_hash", "type_");

-- CreateIndex
CREATE UNIQUE INDEX "sso_external_credential_auth_type_username_key" ON "sso_external_credential"("auth_type", "username");

-- CreateIndex
CREATE UNIQUE INDEX "sso_linked_auth_credential_id_key" ON "sso_linked_auth"("credential_id");

-- CreateIndex
CREATE INDEX "sso_linked_auth_user_id_idx" ON "sso_linked_auth"("user_id");

-- CreateIndex
CREATE INDEX "sso_audit_log_cid_idx" ON "sso_audit_log"("cid");

-- CreateIndex
CREATE INDEX "sso_audit_log_created_at_idx" ON "sso_audit_log"("created_at");

-- CreateIndex
CREATE INDEX "sso_audit_log_op_idx" ON "sso_audit_log"("op");

-- CreateIndex
CREATE INDEX "sso_audit_log_actor_user_id_idx" ON "sso_audit_log"("actor_user_id");

-- CreateIndex
CREATE INDEX "sso_audit_log_target_user_id_idx" ON "sso_audit_log"("target_user_id");

-- AddForeignKey
ALTER TABLE "sso_session" ADD CONSTRAINT "sso_session_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "sso_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sso_attr" ADD CONSTRAINT "sso_attr_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "sso_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sso_attr" ADD CONSTRAINT "sso_attr_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "sso_session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sso_password_reset" ADD CONSTRAINT "sso_password_reset_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "sso_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sso_linked_auth" ADD CONSTRAINT "sso_linked_auth_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "sso_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sso_linked_auth" ADD CONSTRAINT "sso_linked_auth_credential_id_fkey" FOREIGN KEY ("credential_id") REFERENCES "sso_external_credential"("id") ON DELETE CASCADE ON UPDATE CASCADE;

