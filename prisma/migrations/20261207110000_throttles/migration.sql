-- Per-key access API limit, settable by staff admins (default: the limit every key had before).
-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN     "requestsPerMinute" INTEGER NOT NULL DEFAULT 600;

-- Fixed windows let twice the limit through across a window boundary; the sliding-window
-- Throttle table replaces them (src/server/throttle). Its rows are counters only, safe to drop.
-- DropTable
DROP TABLE "RateLimitWindow";

-- CreateTable
CREATE TABLE "Throttle" (
    "key" TEXT NOT NULL,
    "times" BIGINT[],
    "counts" INTEGER[],
    "allowed" BOOLEAN NOT NULL DEFAULT true,
    "expiresAtMs" BIGINT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Throttle_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "Throttle_expiresAtMs_idx" ON "Throttle"("expiresAtMs");
