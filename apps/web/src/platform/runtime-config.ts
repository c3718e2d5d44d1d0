import { type WebConfig, webConfigSchema } from '@showfloor/contracts/rest';

/**
 * The realtime service's address and Agora's app id are read at run time from the API
 * (`GET /config.json`), so one build serves every deployment.
 */
export async function loadRuntimeConfig(fetchImpl: typeof fetch = fetch): Promise<WebConfig> {
  // No custom headers: the request must match index.html's preload of it to be answered from it.
  const response = await fetchImpl('/config.json');
  if (!response.ok) throw new Error(`GET /config.json answered ${response.status}`);
  return webConfigSchema.parse(await response.json());
}
