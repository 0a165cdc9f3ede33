-- The CareConnect eHealth Viewer's sign-in account (SPEC §14) and every sign-in check made on it.

-- CreateEnum
CREATE TYPE "ViewerSignInResult" AS ENUM ('OK', 'EXPIRED', 'NO_ACCESS', 'WRONG_PASSWORD', 'LOCKED');

-- AlterEnum
ALTER TYPE "RecordType" ADD VALUE 'VIEWER_ACCOUNT';

-- CreateTable
CREATE TABLE "ViewerAccount" (
    "id" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "username" TEXT NOT NULL,
    "passwordHash" TEXT,
    "passwordSetAt" TIMESTAMP(3),
    "passwordExpiresAt" TIMESTAMP(3),
    "failedAttempts" INTEGER NOT NULL DEFAULT 0,
    "failuresResetAt" TIMESTAMP(3),
    "lockedUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ViewerAccount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ViewerSignInAttempt" (
    "id" UUID NOT NULL,
    "username" TEXT NOT NULL,
    "viewerAccountId" UUID,
    "result" "ViewerSignInResult" NOT NULL,
    "lockedUntil" TIMESTAMP(3),
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ViewerSignInAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ViewerAccount_personId_key" ON "ViewerAccount"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "ViewerAccount_username_key" ON "ViewerAccount"("username");

-- CreateIndex
CREATE INDEX "ViewerSignInAttempt_username_at_idx" ON "ViewerSignInAttempt"("username", "at");

-- CreateIndex
CREATE INDEX "ViewerSignInAttempt_viewerAccountId_idx" ON "ViewerSignInAttempt"("viewerAccountId");

-- AddForeignKey
ALTER TABLE "ViewerAccount" ADD CONSTRAINT "ViewerAccount_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A username is lower case (the viewer's sign-in compares it that way).
ALTER TABLE "ViewerAccount" ADD CONSTRAINT "ViewerAccount_username_lower" CHECK ("username" = lower("username"));
