/**
 * Preloaded into the bench's child (ingestion, risk-scoring) when the bench profiles (`BENCH_PROFILE=1`):
 * `NODE_OPTIONS=--require dist/bench/cpu-profile.preload.js`. The first SIGWINCH starts the V8
 * CPU profiler, the second writes `<BENCH_CPU_PROFILE_DIR>/<BENCH_CPU_PROFILE_NAME or ingestion>-<pid>-<n>.cpuprofile`, so the
 * profile covers exactly the bench phase (unlike --cpu-prof, which needs a clean exit that Nest's
 * signal handling does not give). SIGWINCH because Nest's shutdown hooks take SIGUSR2 (and
 * SIGUSR1 starts Node's inspector). Does nothing when BENCH_CPU_PROFILE_DIR is not set.
 */
import { Session } from 'node:inspector';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.BENCH_CPU_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  let running = false;
  let count = 0;
  process.on('SIGWINCH', () => {
    if (!running) {
      running = true;
      session.post('Profiler.enable', () =>
        session.post('Profiler.setSamplingInterval', { interval: Number(process.env.BENCH_CPU_PROFILE_INTERVAL_US ?? 1000) }, () =>
          session.post('Profiler.start'),
        ),
      );
      return;
    }
    running = false;
    session.post('Profiler.stop', (error, result) => {
      if (error) {
        console.error(`cpu profile failed: ${error.message}`);
        return;
      }
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `${process.env.BENCH_CPU_PROFILE_NAME ?? 'ingestion'}-${process.pid}-${++count}.cpuprofile`);
      writeFileSync(file, JSON.stringify(result.profile));
      console.error(`cpu profile written: ${file}`);
    });
  });
}
