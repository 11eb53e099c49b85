import 'reflect-metadata';
import { createRiskScoringApp, loadRiskScoringConfig } from './risk-scoring.app';

async function main(): Promise<void> {
  const config = loadRiskScoringConfig();
  const app = await createRiskScoringApp(config);
  await app.startAllMicroservices();
  await app.listen(config.httpPort, '0.0.0.0');
}

main().catch((error: Error) => {
  console.error(`risk-scoring failed to start: ${error.message}`);
  process.exit(1);
});
