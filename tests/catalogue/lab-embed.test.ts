/**
 * The chapter's `<Lab>` hands the runner its lab as props, the same data GET /api/labs/:id
 * sends minus the statements; the runner fetches those, rendered on the server, from
 * GET /api/labs/:id/statements when it opens (they were ~60 KB of a chapter's RSC payload).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { isValidElement, type ReactElement } from "react";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LabsManifest } from "@/lib/catalogue";
import type { EmbeddedLab, LabStatements, RunnerLab } from "@/lib/catalogue/runner-lab";
import { GET } from "@/app/api/labs/[id]/route";
import { GET as GET_STATEMENTS, generateStaticParams } from "@/app/api/labs/[id]/statements/route";
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
const getStatements = (id: string) => GET_STATEMENTS(new Request(`http://localhost/api/labs/${id}/statements`), { params: Promise.resolve({ id }) });

describe("the lab embed", () => {
  it("passes the runner its lab without statements, only the embedded task when one is named", async () => {
    const whole = (await Lab({ id: "token-bucket" })) as ReactElement<{ lab: EmbeddedLab; taskId?: string }>;
    expect(isValidElement(whole)).toBe(true);
    expect(whole.props.lab.tasks.map((t) => t.id)).toEqual(["configure", "implement"]);

    const one = (await Lab({ id: "token-bucket", task: "implement" })) as ReactElement<{ lab: EmbeddedLab; taskId?: string }>;
    expect(one.props.taskId).toBe("implement");
    expect(one.props.lab.tasks.map((t) => t.id)).toEqual(["implement"]);
    // The same data the labs API sends, except each statement (Markdown and rendered tree).
    const api = (await (await get("token-bucket")).json()) as RunnerLab;
    expect(api.tasks[0]!.statement).toBe("Pick **rate**.");
    expect(JSON.stringify(whole.props.lab)).not.toMatch(/statement/);
    expect(JSON.parse(JSON.stringify(whole.props.lab))).toEqual({ ...api, tasks: api.tasks.map(({ statement: _s, statementTree: _t, ...t }) => t) });
  });

  it("serves every task's rendered statement, the labs API's trees, for the runner to fetch when it opens", async () => {
    const res = await getStatements("token-bucket");
    expect(res.status).toBe(200);
    const { tasks } = (await res.json()) as LabStatements;
    const api = (await (await get("token-bucket")).json()) as RunnerLab;
    expect(tasks).toEqual(api.tasks.map((t) => ({ id: t.id, statementTree: t.statementTree })));
    expect(JSON.stringify(tasks[0]!.statementTree)).toContain('"tagName":"strong"');
    expect((await getStatements("no-such-lab")).status).toBe(404);
    // Prerendered for every lab in the manifest, like the chapter pages that embed them.
    expect(await generateStaticParams()).toEqual([{ id: "token-bucket" }]);
  });

  it("shows a planned lab that is not built as a coming-soon card", async () => {
    const card = (await Lab({ id: "sliding-window" })) as ReactElement<{ "aria-label": string }>;
    expect(card.props["aria-label"]).toBe("Lab coming soon: Fixed vs sliding window");
    expect((await get("sliding-window")).status).toBe(404);
  });
});
