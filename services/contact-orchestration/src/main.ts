import 'reflect-metadata';
import { serve } from '@clearpath/platform';
import { createContactOrchestrationApp, loadContactOrchestrationConfig } from './contact-orchestration.app';

serve(
  'contact-orchestration',
  () => loadContactOrchestrationConfig(),
  (config) => createContactOrchestrationApp(config),
);
