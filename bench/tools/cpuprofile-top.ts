/**
 * Summarizes a V8 .cpuprofile (from `BENCH_PROFILE=1 npm run bench`, or node --cpu-prof):
 * self time by function, self time by area (package / lib / service / runtime), and inclusive
 * time of the repository's own functions.
 *
 *   node dist/bench/tools/cpuprofile-top.js bench/results/profiles/ingestion-<pid>-1.cpuprofile [top=25]
 */
import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

function area(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (url === '') return functionName.startsWith('(') ? functionName : '(native/builtin)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const lib = /dist\/libs\/([^/]+)\//.exec(url);
  if (lib) return `@clearpath/${lib[1]}`;
  const svc = /dist\/services\/([^/]+)\//.exec(url);
  if (svc) return `services/${svc[1]}`;
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/').slice(0, 2).join('/')}`;
  return url.split('/').slice(-2).join('/');
}

/**
 * Who is responsible for a sample: the nearest frame that belongs to a package or to the
 * repository; kafkajs is split into produce (the outbox relay) and fetch (the inbox consumer).
 */
function owner(id: number, byId: Map<number, ProfileNode>, parent: Map<number, number>): string {
  const leaf = byId.get(id)!.callFrame;
  if (leaf.url === '' && leaf.functionName.startsWith('(')) return leaf.functionName; // (garbage collector), (program)
  const stack: CallFrame[] = [];
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) stack.push(byId.get(cur)!.callFrame);
  const first = stack.find((f) => /node_modules\/|dist\//.test(f.url));
  if (!first) return '(node internals)';
  const a = area(first);
  if (a === 'kafkajs') {
    const urls = stack.map((f) => f.url).join(' ');
    if (/requests\/produce|producer\//.test(urls)) return 'kafkajs produce (outbox relay)';
    if (/requests\/fetch|consumer\//.test(urls)) return 'kafkajs fetch (inbox consumer)';
    return 'kafkajs (network/other)';
  }
  return a;
}

function where(frame: CallFrame): string {
  const file = frame.url.replace(/^.*?(node_modules\/|dist\/)/, '$1').replace(/^file:\/\//, '');
  return file ? `${file}:${frame.lineNumber + 1}` : '';
}

function main(): void {
  const [file, topArg] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node dist/bench/tools/cpuprofile-top.js <file.cpuprofile> [top]');
    process.exit(2);
  }
  const top = Number(topArg ?? 25);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  // Sample counts, not time deltas: on a busy machine a descheduled thread makes the next delta
  // long, so counts are the better proxy for CPU actually used. ms = count × median interval.
  const selfCount = new Map<number, number>();
  for (const id of profile.samples) selfCount.set(id, (selfCount.get(id) ?? 0) + 1);
  const sortedDeltas = [...profile.timeDeltas].sort((a, b) => a - b);
  const intervalUs = sortedDeltas[Math.floor(sortedDeltas.length / 2)] || 1000;
  const isIdle = (id: number) => ['(idle)', '(program)'].includes(byId.get(id)!.callFrame.functionName);
  const busyCount = [...selfCount].filter(([id]) => !isIdle(id)).reduce((a, [, n]) => a + n, 0);
  const busyUs = busyCount * intervalUs;

  const fnKey = (f: CallFrame) => `${f.functionName || '(anonymous)'}  ${where(f)}`;
  const selfByFn = new Map<string, number>();
  const selfByArea = new Map<string, number>();
  const selfByOwner = new Map<string, number>();
  const inclusiveByFn = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, us: number) => map.set(key, (map.get(key) ?? 0) + us);
  for (const [id, count] of selfCount) {
    if (isIdle(id)) continue;
    const us = count * intervalUs;
    const frame = byId.get(id)!.callFrame;
    add(selfByFn, fnKey(frame), us);
    add(selfByArea, area(frame), us);
    add(selfByOwner, owner(id, byId, parent), us);
    // inclusive: each repository function (and JSON.*) once per stack
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame;
      if (!/dist\/(libs|services|bench)\//.test(f.url) && !/^(JSON\.|parse$|stringify$)/.test(f.functionName)) continue;
      const key = fnKey(f);
      if (seen.has(key)) continue;
      seen.add(key);
      add(inclusiveByFn, key, us);
    }
  }

  const pct = (us: number) => `${((us / busyUs) * 100).toFixed(1).padStart(5)} %`;
  const ms = (us: number) => `${(us / 1000).toFixed(0).padStart(7)} ms`;
  const wall = (profile.endTime - profile.startTime) / 1e6;
  console.log(
    `${file}: ${wall.toFixed(1)} s wall, ${profile.samples.length} samples every ~${intervalUs} µs, ${busyCount} busy (${((busyCount / profile.samples.length) * 100).toFixed(0)} %)`,
  );
  console.log(`shares below are of busy samples (main thread running JS, GC or native code)`);
  console.log(`\nself time by owner (native/builtin/node: frames charged to the package or repository code that called them):`);
  for (const [name, us] of [...selfByOwner].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${pct(us)} ${ms(us)}  ${name}`);
  console.log(`\nself time by area:`);
  for (const [name, us] of [...selfByArea].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${pct(us)} ${ms(us)}  ${name}`);
  console.log(`\ntop ${top} functions by self time:`);
  for (const [name, us] of [...selfByFn].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(us)} ${ms(us)}  ${name}`);
  console.log(`\nrepository functions by inclusive time:`);
  for (const [name, us] of [...inclusiveByFn].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(us)} ${ms(us)}  ${name}`);
}

main();
