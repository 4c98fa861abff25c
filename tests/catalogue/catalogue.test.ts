/**
 * lib/catalogue is the one answer to "which labs and tasks exist": it reads the generated
 * manifest once per process, says what to run when the file is missing or broken, and keeps
 * the one list of planned labs.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { embeddableLabIds, findTask, loadManifest, ManifestMissingError, PLANNED_LABS, plannedLab, runnableLab, type LabsManifest } from "@/lib/catalogue";

const manifest: LabsManifest = {
  version: 1,
  labs: [
    {
      id: "probe",
      title: "Probe",
      summary: "A lab for this test.",
      chapter: "probing",
      tasks: [{ id: "guess", kind: "predict", title: "Guess", statement: "Guess **one**.", answerSchema: { type: "object" }, starter: { value: 1 }, timeLimitMs: 5_000 }],
    },
  ],
};

/** A fresh file per test: the cache is per path, so tests cannot see each other's manifests. */
function manifestFile(content: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "faultline-catalogue-")), "labs-manifest.json");
  writeFileSync(file, content);
  return file;
}

const saved = process.env.FAULTLINE_LABS_MANIFEST;
afterEach(() => {
  if (saved === undefined) delete process.env.FAULTLINE_LABS_MANIFEST;
  else process.env.FAULTLINE_LABS_MANIFEST = saved;
});

describe("the labs manifest", () => {
  it("is read and parsed once per process, from FAULTLINE_LABS_MANIFEST", async () => {
    const file = manifestFile(JSON.stringify(manifest));
    process.env.FAULTLINE_LABS_MANIFEST = file;
    const [first, concurrent] = await Promise.all([loadManifest(), loadManifest()]);
    expect(first).toEqual(manifest);
    expect(concurrent).toBe(first);
    writeFileSync(file, "{ not read again");
    expect(await loadManifest()).toBe(first);
    expect(findTask(first, "probe", "guess")?.timeLimitMs).toBe(5_000);
    expect(await runnableLab("probe")).toBe(first.labs[0]);
    expect(await runnableLab("not-built")).toBeUndefined();
  });

  it("says to run `npm run labs:manifest` when the file is not JSON or not in its format", async () => {
    await expect(loadManifest(manifestFile("{ broken"))).rejects.toThrow(/is not JSON .*npm run labs:manifest/);
    const old = { ...manifest, labs: [{ ...manifest.labs[0], tasks: [{ id: "guess", kind: "predict", statement: "" }] }] };
    await expect(loadManifest(manifestFile(JSON.stringify(old)))).rejects.toThrow(/labs\.0\.tasks\.0\.title.*npm run labs:manifest/);
    await expect(loadManifest(manifestFile(JSON.stringify({ version: 2, labs: [] })))).rejects.toThrow(/version.*npm run labs:manifest/);
  });

  it("a broken chapter embed is an error, not a silent 'coming soon'", async () => {
    process.env.FAULTLINE_LABS_MANIFEST = manifestFile("[]");
    await expect(runnableLab("probe")).rejects.toThrow(/npm run labs:manifest/);
  });

  it("a missing file says to generate it, shows labs as coming soon, and is read once it exists", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "faultline-catalogue-")), "labs-manifest.json");
    process.env.FAULTLINE_LABS_MANIFEST = file;
    await expect(loadManifest()).rejects.toThrow(ManifestMissingError);
    await expect(loadManifest()).rejects.toThrow(/missing: run `npm run labs:manifest` to generate it/);
    expect(await runnableLab("probe")).toBeUndefined();
    writeFileSync(file, JSON.stringify(manifest));
    expect((await runnableLab("probe"))?.title).toBe("Probe");
  });
});

describe("planned labs", () => {
  it("are one list of distinct ids, each with its card", () => {
    const ids = PLANNED_LABS.map((lab) => lab.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(plannedLab("sliding-window")?.title).toBe("Fixed vs sliding window");
    expect(plannedLab("no-such-lab")).toBeUndefined();
  });

  it("chapters may embed a planned lab or any labs/<id>/lab.ts folder, even before the manifest has it", async () => {
    const folders = readdirSync("labs", { withFileTypes: true }).filter((e) => e.isDirectory() && readdirSync(path.join("labs", e.name)).includes("lab.ts"));
    const ids = await embeddableLabIds();
    for (const lab of PLANNED_LABS) expect(ids).toContain(lab.id);
    for (const folder of folders) expect(ids).toContain(folder.name);
    expect(ids.has("mystery-lab")).toBe(false);
  });

  it("no other source lists them or reads the manifest", () => {
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) return e.name === "generated" || e.name === "node_modules" ? [] : sources(full);
        return /\.(ts|tsx|mjs)$/.test(e.name) ? [full] : [];
      });
    const all = ["app", "components", "lib", "scripts", "workers"].flatMap(sources);
    // A file naming most planned ids is a second list of them.
    const listing = all.filter((f) => {
      const text = readFileSync(f, "utf8");
      return PLANNED_LABS.filter((lab) => text.includes(`"${lab.id}"`)).length > PLANNED_LABS.length / 2;
    });
    expect(listing).toEqual([path.join("lib", "catalogue", "planned-labs.ts")]);
    // The writer names the file too; setup checks that it exists before regenerating it.
    const naming = all.filter((f) => /MANIFEST_PATH|labs-manifest\.json/.test(readFileSync(f, "utf8")));
    expect(naming.sort()).toEqual(["lib/catalogue/index.ts", "lib/catalogue/manifest-format.ts", "scripts/labs-manifest.ts", "scripts/setup/prepare.ts"].map((f) => path.join(...f.split("/"))));
  });
});
