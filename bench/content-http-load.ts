/**
 * One load pass of bench:content-http, in its own process: autocannon parses ~1 GB of HTML
 * per pass, and sharing an event loop with the bench (or with the server it measures) would
 * slow whichever server it happened to sit next to.
 *   tsx bench/content-http-load.ts <url> <connections> <seconds> <timeout seconds>
 * Prints one JSON LoadResult on stdout.
 */
import { loadavg } from "node:os";
import autocannon from "autocannon";
import { percentile } from "./support";

export interface LoadResult {
  p50: number;
  p95: number;
  rps: number;
  requests: number;
  /** Timeouts + socket errors + non-2xx answers. */
  errors: number;
  errorKinds: string;
  /** 1-minute load average as the pass started (the machine is shared). */
  load: number;
}

async function load(url: string, connections: number, seconds: number, timeoutS: number): Promise<LoadResult> {
  const startLoad = loadavg()[0]!;
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    // The callback form returns the instance, whose "response" events carry each latency
    // (autocannon reports p50 and p97.5, not p95).
    const instance = autocannon({ url, connections, duration: seconds, timeout: timeoutS }, (err, res) => (err ? reject(err) : resolve(res)));
    instance.on("response", (_client, _status, _bytes, responseTime) => times.push(responseTime));
  });
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    p50: round(percentile(times, 50)),
    p95: round(percentile(times, 95)),
    rps: result.requests.average,
    requests: result.requests.total,
    // autocannon's `errors` already counts its timeouts.
    errors: result.errors + result.non2xx,
    errorKinds: `${result.timeouts} timeouts (${timeoutS} s), ${result.errors - result.timeouts} socket errors, ${result.non2xx} non-2xx`,
    load: Math.round(startLoad * 10) / 10,
  };
}

const [url, connections, seconds, timeoutS] = process.argv.slice(2);
if (!url || !(Number(connections) > 0) || !(Number(seconds) > 0) || !(Number(timeoutS) > 0)) {
  throw new Error("usage: tsx bench/content-http-load.ts <url> <connections> <seconds> <timeout seconds>");
}
console.log(JSON.stringify(await load(url, Number(connections), Number(seconds), Number(timeoutS))));
