import type { INestApplication } from '@nestjs/common';
import type { Clock } from '@clearpath/contracts';
import type { Logger } from '@clearpath/observability';
import { createServiceApp, loadRuntimeConfig, type RuntimeConfig } from '@clearpath/platform';
import { RISK_SCORING_MIGRATIONS } from './migrations';
import { RiskScoringModule } from './risk-scoring.module';

export const RISK_SCORING_DEFAULTS = { port: 3002, schema: 'risk_scoring', group: 'risk-scoring' };

export function loadRiskScoringConfig(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  return loadRuntimeConfig('risk-scoring', RISK_SCORING_DEFAULTS, env);
}

export function createRiskScoringApp(config: RuntimeConfig, options: { clock?: Clock; logger?: Logger } = {}): Promise<INestApplication> {
  return createServiceApp({
    service: 'risk-scoring',
    description: 'Scores each delinquent case with an explainable model, segments it and assigns a treatment.',
    config,
    migrations: RISK_SCORING_MIGRATIONS,
    module: RiskScoringModule,
    ...options,
  });
}
