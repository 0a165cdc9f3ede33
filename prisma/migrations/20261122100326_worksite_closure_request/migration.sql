-- AlterTable
ALTER TABLE "Worksite" ADD COLUMN     "closureRequestReason" TEXT,
ADD COLUMN     "closureRequestedAt" TIMESTAMP(3),
ADD COLUMN     "closureRequestedById" UUID;
