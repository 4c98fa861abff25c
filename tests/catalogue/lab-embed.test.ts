/**
 * The chapter's `<Lab>` hands the runner its lab as props (statements rendered on the server),
 * the same data GET /api/labs/:id sends: the runner makes no request of its own to start.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { isValidElement, type ReactElement } from "react";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LabsManifest } from "@/lib/catalogue";
import type { RunnerLab } from "@/lib/catalogue/runner-lab";
import { GET } from "@/app/api/labs/[id]/route";
import { Lab } from "@/components/reading/Lab";

const task = (id: string, statement: string) => ({ id, kind: "configure" as const, title: id, statement, answerSchema: { type: "object" }, starter: {}, timeLimitMs: 5_000 });
const manifest: LabsManifest = {
  version: 1,
  labs: [{ id: "token-bucket", title: "Token bucket", summary: "Limit it.", chapter: "resilient-apis", tasks: [task("configure", "Pick **rate**."), task("implement", "Write `allow()`.")] }],
};

const saved = process.env.FAULTLINE_LABS_MANIFEST;
beforeAll(() => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "faultline-embed-")), "labs-manifest.json");
  writeFileSync(file, JSON.stringify(manifest));
  process.env.FAULTLINE_LABS_MANIFEST = file;
});
afterAll(() => {
  if (saved === undefined) delete process.env.FAULTLINE_LABS_MANIFEST;
  else process.env.FAULTLINE_LABS_MANIFEST = saved;
});

const get = (id: string) => GET(new Request(`http://localhost/api/labs/${id}`), { params: Promise.resolve({ id }) });

describe("the lab embed", () => {
  it("passes the runner its lab with rendered statements, only the embedded task when one is named", async () => {
    const whole = (await Lab({ id: "token-bucket" })) as ReactElement<{ lab: RunnerLab; taskId?: string }>;
    expect(isValidElement(whole)).toBe(true);
    expect(whole.props.lab.tasks.map((t) => t.id)).toEqual(["configure", "implement"]);
    expect(JSON.stringify(whole.props.lab.tasks[0]!.statementTree)).toContain('"tagName":"strong"');

    const one = (await Lab({ id: "token-bucket", task: "implement" })) as ReactElement<{ lab: RunnerLab; taskId?: string }>;
    expect(one.props.taskId).toBe("implement");
    expect(one.props.lab.tasks.map((t) => t.id)).toEqual(["implement"]);
    // The same data the labs API sends, except each statement's Markdown source: the runner
    // draws the rendered tree, and the source would only repeat it in the chapter's payload.
    const api = (await (await get("token-bucket")).json()) as RunnerLab;
    expect(api.tasks[0]!.statement).toBe("Pick **rate**.");
    expect(whole.props.lab.tasks.map((t) => t.statement)).toEqual(["", ""]);
    expect(JSON.parse(JSON.stringify(whole.props.lab))).toEqual({ ...api, tasks: api.tasks.map((t) => ({ ...t, statement: "" })) });
  });

  it("shows a planned lab that is not built as a coming-soon card", async () => {
    const card = (await Lab({ id: "sliding-window" })) as ReactElement<{ "aria-label": string }>;
    expect(card.props["aria-label"]).toBe("Lab coming soon: Fixed vs sliding window");
    expect((await get("sliding-window")).status).toBe(404);
  });
});
