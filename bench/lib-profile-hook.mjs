// Preloaded into a server by bench/profile.ts (`node --import`): the first SIGUSR2 starts the
// inspector's CPU profiler (PROFILE_KIND=cpu) or heap sampling (PROFILE_KIND=alloc), the next
// one stops it and writes the profile to PROFILE_OUT. Start-up is never in the window.
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';

const session = new Session();
session.connect();
const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
const alloc = process.env.PROFILE_KIND === 'alloc';
// Every 1 KiB allocated / every 100 µs of CPU: fine enough for per-frame figures, cheap enough not to move them much.
const sampling = { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true };
let running = false;
await post(alloc ? 'HeapProfiler.enable' : 'Profiler.enable');
if (!alloc) await post('Profiler.setSamplingInterval', { interval: 100 });
process.on('SIGUSR2', async () => {
  if (!running) {
    running = true;
    await post(alloc ? 'HeapProfiler.startSampling' : 'Profiler.start', alloc ? sampling : undefined);
    return console.log('profile started');
  }
  running = false;
  const { profile } = await post(alloc ? 'HeapProfiler.stopSampling' : 'Profiler.stop');
  writeFileSync(process.env.PROFILE_OUT, JSON.stringify(profile));
  console.log('profile written');
});
