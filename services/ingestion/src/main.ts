import 'reflect-metadata';
import { loadIngestionConfig } from './config/ingestion.config';
import { createIngestionApp } from './ingestion.app';

async function main(): Promise<void> {
  const config = loadIngestionConfig();
  const app = await createIngestionApp(config);
  await app.startAllMicroservices();
  await app.listen(config.httpPort, '0.0.0.0');
}

main().catch((error: Error) => {
  console.error(`ingestion failed to start: ${error.message}`);
  process.exit(1);
});
