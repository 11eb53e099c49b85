import 'reflect-metadata';
import { createContactOrchestrationApp, loadContactOrchestrationConfig } from './contact-orchestration.app';

async function main(): Promise<void> {
  const config = loadContactOrchestrationConfig();
  const app = await createContactOrchestrationApp(config);
  await app.startAllMicroservices();
  await app.listen(config.httpPort, '0.0.0.0');
}

main().catch((error: Error) => {
  console.error(`contact-orchestration failed to start: ${error.message}`);
  process.exit(1);
});
