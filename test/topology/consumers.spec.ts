import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { ALL_TOPICS, PIPELINE_PARTIES, topicsConsumedBy } from '@clearpath/contracts';

/**
 * The topic registry says which services consume each topic; their dead-letter topics, the Kafka
 * picture on flow-monitor and its group checks follow from it. This holds it to the code: the
 * topics of every service's `@EventPattern` handlers, read from the decorators' metadata on the
 * controllers, are exactly the registry's topics for that service. A new consumer that is not in
 * the registry (or a registry entry nobody consumes) fails here rather than at the service's start.
 */
const SERVICES = join(__dirname, '..', '..', 'services');
const HANDLER = /@(?:Event|Message)Pattern\(/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.integration-spec.ts') ? [path] : [];
  });
}

/** The topics of a service's pattern handlers (one entry per handler), and how many handlers its sources write. */
async function handledTopics(service: string): Promise<{ topics: string[]; written: number }> {
  const topics: string[] = [];
  let written = 0;
  for (const file of sourceFiles(join(SERVICES, service, 'src'))) {
    const count = readFileSync(file, 'utf8').match(HANDLER)?.length ?? 0;
    if (count === 0) continue;
    written += count;
    const exported: Record<string, unknown> = await import(file);
    for (const value of Object.values(exported)) {
      if (typeof value !== 'function' || value.prototype === undefined) continue;
      for (const key of Object.getOwnPropertyNames(value.prototype)) {
        const method: unknown = Object.getOwnPropertyDescriptor(value.prototype, key)?.value;
        const patterns: unknown = typeof method === 'function' ? Reflect.getMetadata(PATTERN_METADATA, method) : undefined;
        if (Array.isArray(patterns)) topics.push(...patterns.map(String));
      }
    }
  }
  return { topics: topics.sort(), written };
}

describe('the topic registry and the services’ consumers', () => {
  const services = readdirSync(SERVICES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);

  it.each(services)("%s: its @EventPattern topics are the registry's topics for it", async (service) => {
    const { topics, written } = await handledTopics(service);
    // Every handler the sources write was found on an exported controller (none hides from this test).
    expect(topics).toHaveLength(written);
    expect(topics).toEqual(
      topicsConsumedBy(service)
        .map((t) => t.name)
        .sort(),
    );
  });

  it('names only services that exist as consumers, and only the pipeline parties as producers', () => {
    const consumers = new Set(ALL_TOPICS.flatMap((t) => t.consumers ?? []));
    expect([...consumers].filter((c) => !services.includes(c))).toEqual([]);
    expect(PIPELINE_PARTIES.filter((p) => p !== 'core-banking' && !services.includes(p))).toEqual([]);
  });
});
