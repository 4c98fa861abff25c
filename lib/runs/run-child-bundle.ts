/**
 * The run child as one bundled file: workers/run-child.ts with every lab imported statically,
 * started with plain `node`. Why: a child started with tsx spends ~1.1 s of CPU before it is
 * ready (the TypeScript loader resolving and transpiling ~260 of our files on every start);
 * the bundle loads in ~0.35 s, so spares warm 3× faster and a busy worker's runs still find a
 * loaded child. Built once per worker start (~0.5 s with esbuild), so the labs are those on
 * disk then: `npm run dev` (FAULTLINE_RUN_CHILD=tsx) keeps tsx children, which see a lab's
 * edit on its next run.
 */
import { fileURLToPath } from "node:url";
import { LABS_DIR, listLabIds } from "@/lib/labs/discover";
import { bundledSource } from "@/lib/procs/bundled-entry";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const RUN_CHILD = fileURLToPath(new URL("../../workers/run-child.ts", import.meta.url));
const DISCOVER = fileURLToPath(new URL("../labs/discover.ts", import.meta.url));
/** Native and WebAssembly packages load their own files at run time: left to node_modules. */
const EXTERNAL = ["esbuild", "quickjs-emscripten", "quickjs-emscripten-core", "@jitl/*", "pg-native"];

/** Whether this worker's run children should be the bundle (else tsx, reading labs from disk). */
export function runChildBundled(env: Record<string, string | undefined> = process.env): boolean {
  // A labs dir of its own (tests' fixture labs) is read at run time by tsx children.
  return env.FAULTLINE_RUN_CHILD !== "tsx" && !env.FAULTLINE_LABS_DIR;
}

/** Builds the bundle and returns its path (under node_modules/.cache/faultline). */
export async function buildRunChildBundle(): Promise<string> {
  const ids = await listLabIds();
  const json = JSON.stringify;
  const source = [
    `import { registerBundledLabs } from ${json(DISCOVER)};`,
    ...ids.map((id, i) => `import * as lab${i} from ${json(`${LABS_DIR}${id}/lab.ts`)};`),
    `registerBundledLabs(${json(LABS_DIR)}, { ${ids.map((id, i) => `${json(id)}: lab${i}`).join(", ")} });`,
    // Imported after the labs are registered: the child starts loading them as it starts.
    `await import(${json(RUN_CHILD)});`,
  ].join("\n");
  return bundledSource(source, ROOT, "run-child", EXTERNAL);
}
