import 'reflect-metadata';
import { serve } from '@clearpath/platform';
import { loadIngestionConfig } from './config/ingestion.config';
import { createIngestionApp } from './ingestion.app';

serve(
  'ingestion',
  () => loadIngestionConfig(),
  (config) => createIngestionApp(config),
);
