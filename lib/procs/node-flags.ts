/**
 * V8 flags for the short-lived Node processes a lab run starts (sandboxed cluster nodes, the HTTP
 * service). Their QuickJS sandbox is a WebAssembly module: by default V8 compiles it with its
 * baseline compiler and then again, in the background, with its optimizing one — about 0.25 s
 * of CPU per process before any work, most of a sandboxed node's cost, for code that runs a
 * few seconds. Baseline only halves the process's CPU (0.43 → 0.19 s measured loading QuickJS
 * and running a 100k-iteration loop, which was also faster). On 2 cores that CPU is what
 * several runs at once compete for: `npm run bench:run-cpu` compares a run's CPU with and
 * without them (FAULTLINE_SHORT_LIVED_NODE_FLAGS, space-separated, overrides them; "" for none).
 */
export function shortLivedNodeFlags(): string[] {
  const flags = process.env.FAULTLINE_SHORT_LIVED_NODE_FLAGS;
  return flags === undefined ? ["--liftoff-only"] : flags.split(/\s+/).filter(Boolean);
}
