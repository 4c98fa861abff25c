/**
 * Writes lib/generated/labs-manifest.json: what the web app may know about labs (no lab code).
 * A lab that fails to load is left out, named on stderr, and makes the command exit 1.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadAllLabs } from "@/lib/labs/discover";
import { MANIFEST_PATH } from "@/lib/catalogue/manifest-format";
import { buildManifest } from "@/lib/labs/manifest";

const root = fileURLToPath(new URL("../", import.meta.url));
const out = join(root, MANIFEST_PATH);
const { labs, failures } = await loadAllLabs();
const manifest = buildManifest(labs);
await mkdir(dirname(out), { recursive: true });
await writeFile(out, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(
  `Wrote ${MANIFEST_PATH}: ${manifest.labs.map((l) => `${l.id} (${l.tasks.length} tasks)`).join(", ") || "no labs"}`,
);
for (const f of failures)
  console.error(`labs/${f.id} left out, it does not load: ${f.error.message}`);
process.exit(failures.length ? 1 : 0);
