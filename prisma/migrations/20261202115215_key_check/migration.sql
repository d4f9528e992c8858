-- CreateTable
CREATE TABLE "sso_key_check" (
    "id" INTEGER NOT NULL,
    "fingerprint" CHAR(64) NOT NULL,

    CONSTRAINT "sso_key_check_pkey" PRIMARY KEY ("id")
);

