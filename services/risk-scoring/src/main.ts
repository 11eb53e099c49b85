import 'reflect-metadata';
import { serve } from '@clearpath/platform';
import { createRiskScoringApp, loadRiskScoringConfig } from './risk-scoring.app';

serve(
  'risk-scoring',
  () => loadRiskScoringConfig(),
  (config) => createRiskScoringApp(config),
);
