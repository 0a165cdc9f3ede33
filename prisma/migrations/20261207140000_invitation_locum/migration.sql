-- AlterTable
ALTER TABLE "Invitation" ADD COLUMN     "isLocum" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "locumEndDate" DATE;
