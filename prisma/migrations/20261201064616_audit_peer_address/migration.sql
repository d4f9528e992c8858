-- AlterTable
ALTER TABLE "sso_audit_log" ADD COLUMN     "peer_addr" TEXT;

