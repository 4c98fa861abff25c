import { NextResponse } from "next/server";
import type { Root } from "hast";
import type { ManifestLab } from "@/lib/labs/manifest-types";
import { findLab, loadManifest } from "@/lib/runs/manifest";
import { statementToHast } from "@/components/labs/statement-markdown";

export const dynamic = "force-dynamic";

type LabWithStatements = ManifestLab & { tasks: Array<ManifestLab["tasks"][number] & { statementTree: Root }> };

// The manifest is read once per process, so each lab's statements are rendered once too.
const rendered = new WeakMap<ManifestLab, Promise<LabWithStatements>>();

function withStatements(lab: ManifestLab): Promise<LabWithStatements> {
  let done = rendered.get(lab);
  if (!done) {
    done = Promise.all(lab.tasks.map(async (task) => ({ ...task, statementTree: await statementToHast(task.statement) }))).then((tasks) => ({ ...lab, tasks }));
    rendered.set(lab, done);
  }
  return done;
}

/**
 * GET /api/labs/:id → the lab's manifest entry (tasks, statements, answer JSON Schemas), each
 * statement also rendered (`statementTree`, hast) so the browser needs no Markdown parser.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const lab = findLab(await loadManifest(), id);
  if (!lab) return NextResponse.json({ error: `No lab "${id}".` }, { status: 404 });
  return NextResponse.json(await withStatements(lab));
}
