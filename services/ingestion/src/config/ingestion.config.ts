import { loadRuntimeConfig, type RuntimeConfig } from '@clearpath/platform';

export const INGESTION_DEFAULTS = { port: 3001, schema: 'ingestion', group: 'ingestion' };

/** `INGESTION_*` variables plus the shared ones; see RuntimeConfig. */
export function loadIngestionConfig(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  return loadRuntimeConfig('ingestion', INGESTION_DEFAULTS, env);
}
