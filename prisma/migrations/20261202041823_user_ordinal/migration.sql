-- A small dense number per user: feature analytics counts distinct users as bits at this position.
-- AlterTable
ALTER TABLE "users" ADD COLUMN     "ordinal" SERIAL NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "users_ordinal_key" ON "users"("ordinal");
