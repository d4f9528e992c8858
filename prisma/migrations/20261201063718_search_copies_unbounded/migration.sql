-- AlterTable
ALTER TABLE "sso_user" ALTER COLUMN "display_name_upper" SET DATA TYPE TEXT,
ALTER COLUMN "first_name_upper" SET DATA TYPE TEXT,
ALTER COLUMN "middle_name_upper" SET DATA TYPE TEXT,
ALTER COLUMN "last_name_upper" SET DATA TYPE TEXT;

