import 'reflect-metadata';
import { serve } from '@clearpath/platform';
import { createComplaintsApp, loadComplaintsConfig } from './complaints.app';

serve(
  'complaints',
  () => loadComplaintsConfig(),
  (config) => createComplaintsApp(config),
);
