-- AlterTable
ALTER TABLE "sso_user" ADD COLUMN     "totp_last_step" BIGINT;

-- CreateTable
CREATE TABLE "sso_throttle" (
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL,
    "window_start" TIMESTAMP(6) NOT NULL,
    "blocked_until" TIMESTAMP(6),
    "pending" INTEGER NOT NULL DEFAULT 0,
    "pending_since" TIMESTAMP(6),
    "known_until" TIMESTAMP(6),

    CONSTRAINT "sso_throttle_pkey" PRIMARY KEY ("key")
);

