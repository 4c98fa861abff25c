/**
 * Loads the student's program once before any replica starts, so code that does not compile
 * or lacks an export fails with the compiler's words instead of three nodes that never start.
 */
import { NODE_PROGRAM_EXPORTS } from "@/lib/cluster/sandboxed-program";
import { createSandbox } from "@/lib/sandbox";

export async function checkProgramLoads(code: string): Promise<void> {
  const box = await createSandbox(code, { exports: NODE_PROGRAM_EXPORTS, callTimeoutMs: 100, totalTimeMs: 5_000 });
  box.dispose();
}
