-- AlterTable
ALTER TABLE "sessions" ADD COLUMN     "peak_viewers" INTEGER,
ADD COLUMN     "total_viewers" INTEGER;
