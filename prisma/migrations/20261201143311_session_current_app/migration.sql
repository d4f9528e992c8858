-- AlterTable
ALTER TABLE "sso_session" ADD COLUMN     "current_app" VARCHAR(191);

