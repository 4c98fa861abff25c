/**
 * A QuickJS WebAssembly module whose memory cannot grow past a ceiling. QuickJS's own heap
 * limit does not hold in this build: it counts allocation sizes through malloc_usable_size,
 * which the Emscripten build lacks ("malloc_usable_size unavailable" in its memory dump), so
 * `for (;;) hoard.push("x".repeat(1e6))` grew the module to ~2 GB in 10–13 s of CPU, with the
 * interrupt handler never polled (a few thousand loop turns, each one long builtin call).
 * A WebAssembly.Memory with a maximum makes malloc fail instead: the same bomb ends with
 * QuickJS's "out of memory" in ~0.2 s.
 */
import { newQuickJSWASMModule, newVariant, RELEASE_SYNC, type QuickJSWASMModule } from "quickjs-emscripten";

const PAGE = 64 * 1024;
/** What the module starts with: Emscripten's default initial memory (16 MiB). */
const INITIAL_PAGES = 256;
/** Grown this close to its ceiling, the module has run out of memory, whatever was thrown. */
const EXHAUSTED_SHARE = 0.9;

export interface BoundedModule {
  module: QuickJSWASMModule;
  /**
   * True once the module grew to (nearly) its ceiling. Out of memory, QuickJS may have no room
   * left to build the error, and throws null instead: this is how the host still knows.
   */
  exhausted(): boolean;
}

/**
 * The ceiling is twice the QuickJS heap limit: room for the module's own data and stack, and
 * for what QuickJS's accounting misses, while a bomb still stops within tens of MiB.
 */
export async function newBoundedQuickJSModule(heapLimitBytes: number): Promise<BoundedModule> {
  const maximum = Math.max(INITIAL_PAGES, Math.ceil((2 * heapLimitBytes) / PAGE));
  const wasmMemory = new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum });
  const quickJS = await newQuickJSWASMModule(newVariant(RELEASE_SYNC, { wasmMemory }));
  return { module: quickJS, exhausted: () => wasmMemory.buffer.byteLength >= EXHAUSTED_SHARE * maximum * PAGE };
}
