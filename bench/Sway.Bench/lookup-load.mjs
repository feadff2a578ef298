// Drives one lookup case with autocannon (the repository's pinned devDependency) and prints its result as JSON.
// Usage: node lookup-load.mjs <base-url> <paths-file> <connections> <seconds>
// The paths file holds one request path per line; each connection walks the list from its own offset, one path per
// request, so one path is a hot key and many paths spread over the store are cold keys.
import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';

const [url, pathsFile, connections, seconds] = process.argv.slice(2);
const paths = readFileSync(pathsFile, 'utf8').split('\n').filter(p => p.length > 0);
let next = 0;
const result = await autocannon({
  url,
  connections: Number(connections),
  duration: Number(seconds),
  requests: [{ setupRequest: request => ({ ...request, path: paths[next++ % paths.length] }) }],
});
console.log(JSON.stringify({
  requests: result.requests.total,
  rps: result.requests.average,
  p50: result.latency.p50,
  p99: result.latency.p99,
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
}));
