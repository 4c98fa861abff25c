import Link from "next/link";
import { notFound } from "next/navigation";
import { requireViewer } from "@/lib/auth/require";
import { isStaff } from "@/lib/auth/viewer";
import { runnableLab } from "@/lib/catalogue";
import { prisma } from "@/lib/db/client";
import { canViewRun } from "@/lib/people/run-access";
import { ReplayRunButton } from "@/components/labs/ReplayRunButton";
import { RunReplayLoader } from "@/components/labs/RunReplayLoader";
import { RunWaterfall } from "@/components/runs/RunWaterfall";
import "@/components/account/account.css";

export const dynamic = "force-dynamic";
export const metadata = { title: "Run" };

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await requireViewer(`/runs/${id}`);
  const run = await prisma().labRun.findUnique({ where: { id }, include: { user: { select: { name: true, email: true } } } });
  // Not yours and not your student's: the same page as for an id that does not exist.
  if (!run || !(await canViewRun(prisma(), viewer, run))) notFound();
  // How the lab names its charts; a broken manifest only loses the names, never the page.
  const view = (await runnableLab(run.labId).catch(() => undefined))?.view;
  return (
    <div className="account-page">
      <h1>
        {run.labId} / {run.taskId}
      </h1>
      <p className="lede">
        {run.user && run.userId !== viewer.id ? `${run.user.name} (${run.user.email}) · ` : ""}
        {run.createdAt.toISOString().replace("T", " ").slice(0, 19)} UTC · seed {run.seed} ·{" "}
        <span className="status-pill" data-status={run.status}>
          {run.status}
        </span>{" "}
        · <Link href="/dashboard">Dashboard</Link>
      </p>
      {run.replayOfId ? (
        <p className="lede" data-testid="replay-of">
          Replay of <Link href={`/runs/${run.replayOfId}`}>an earlier run</Link> with the same answer and seed; it never counts for progress.
        </p>
      ) : null}
      {/* Seeds are the server's: only instructors may repeat one (the route checks again). */}
      {isStaff(viewer) ? <ReplayRunButton runId={run.id} /> : null}
      <section className="account-card">
        <h2>Answer</h2>
        <pre>{JSON.stringify(run.answer, null, 2)}</pre>
      </section>
      <RunReplayLoader runId={run.id} own={run.userId === viewer.id} view={view} />
      {/* Where a run's time went (queue, child start, phases, storing): for instructors only. */}
      {isStaff(viewer) ? <RunWaterfall runId={run.id} /> : null}
    </div>
  );
}
