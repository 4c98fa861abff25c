/**
 * lib/ is the kit every lab builds on; labs/ depends on lib/, never the reverse. A lib module
 * that imported a lab would tie the platform to one lab's code (and its tests to its folder).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "generated" ? [] : sources(full);
    return /\.(ts|tsx|mjs)$/.test(e.name) ? [full] : [];
  });
}

const IMPORTS_LABS = /(?:from\s+|import\(\s*)["'](?:@\/labs\/|(?:\.\.\/)+labs\/)/;

describe("the lib/ → labs/ boundary", () => {
  it("no module under lib/ imports from labs/", () => {
    const offenders = sources("lib").filter((file) => IMPORTS_LABS.test(readFileSync(file, "utf8")));
    expect(offenders).toEqual([]);
  });

  it("the check itself sees such an import", () => {
    expect(IMPORTS_LABS.test(`import { x } from "@/labs/token-bucket/lua";`)).toBe(true);
    expect(IMPORTS_LABS.test(`const m = await import("../../labs/quorum/lab");`)).toBe(true);
    expect(IMPORTS_LABS.test(`import { x } from "@/lib/labs/types";`)).toBe(false);
  });
});
