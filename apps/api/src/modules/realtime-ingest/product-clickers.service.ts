import type { productClickerBatchResultSchema, productClickerBatchSchema } from '@showfloor/contracts';
import type { Logger } from '@showfloor/server-kit';
import type { z } from 'zod';
import type { ActivityRecorder } from '../feeds/activity-recorder.ts';
import { activityTexts } from '../feeds/activity-texts.ts';
import type { ProductClickersRepository } from './product-clickers.repository.ts';

type ProductClickerBatch = z.infer<typeof productClickerBatchSchema>;
type ProductClickerBatchResult = z.infer<typeof productClickerBatchResultSchema>;

export function createProductClickersService(deps: {
  repository: ProductClickersRepository;
  /** Viewers' feeds: their first click on a product, written without holding up the batch. */
  activities?: ActivityRecorder;
  logger: Logger;
}) {
  return {
    /** Who clicked which product, once per viewer: where unique clicks are counted from. */
    async ingestBatch(batch: ProductClickerBatch): Promise<ProductClickerBatchResult> {
      const { eligible, saved, firstClicksByUsers } = await deps.repository.insertBatch(batch.clickers);
      for (const click of firstClicksByUsers) deps.activities?.record(activityTexts.productClick(click));
      const result = { received: batch.clickers.length, saved, skipped: batch.clickers.length - eligible };
      deps.logger.debug(result, 'product clicker batch ingested');
      return result;
    },
  };
}

export type ProductClickersService = ReturnType<typeof createProductClickersService>;
