import Link from "next/link";
import { requireViewer } from "@/lib/auth/require";
import { prisma } from "@/lib/db/client";
import { listChapters } from "@/lib/content";
import { cohortsJoined } from "@/lib/people/cohorts";
import { parsePage } from "@/lib/people/paging";
import { dashboard } from "@/lib/people/progress";
import { loadManifest } from "@/lib/catalogue";
import { JoinCohortForm } from "@/components/account/JoinCohortForm";
import { Pager } from "@/components/people/Pager";
import "@/components/account/account.css";

export const dynamic = "force-dynamic";
export const metadata = { title: "Dashboard" };

export default async function DashboardPage({ searchParams }: { searchParams: Promise<{ page?: string | string[] }> }) {
  const viewer = await requireViewer("/dashboard");
  const page = parsePage((await searchParams).page);
  const chapters = (await listChapters()).map((c) => ({ slug: c.slug, title: c.title, labs: c.labs }));
  const [board, cohorts] = await Promise.all([dashboard(prisma(), viewer.id, chapters, await loadManifest(), page), cohortsJoined(prisma(), viewer)]);
  const totalTasks = board.chapters.reduce((n, c) => n + c.tasks.length, 0);
  const passedTasks = board.chapters.reduce((n, c) => n + c.tasksPassed, 0);
  return (
    <div className="account-page">
      <h1>Your progress</h1>
      <p className="lede">
        {board.chapters.filter((c) => c.read).length} of {board.chapters.length} chapters read · {passedTasks} of {totalTasks} lab tasks passed
      </p>
      {board.next && (
        <section className="account-card next-step" aria-label="Next step">
          <strong>Next:</strong> <Link href={board.next.href}>{board.next.label}</Link>
        </section>
      )}
      <section className="account-card">
        <h2>Chapters and labs</h2>
        <div className="table-scroll">
          <table className="data-table" data-testid="progress-table">
            <thead>
              <tr>
                <th scope="col">Chapter / task</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last diagnosis</th>
              </tr>
            </thead>
            <tbody>
              {board.chapters.map((chapter) => [
                <tr key={chapter.slug}>
                  <th scope="row">
                    <Link href={`/chapters/${chapter.slug}`}>{chapter.title}</Link>
                  </th>
                  <td>{chapter.read ? "read" : "not read yet"}</td>
                  <td colSpan={2}>
                    {chapter.tasksPassed}/{chapter.tasks.length} tasks passed
                  </td>
                </tr>,
                ...chapter.tasks.map((task) => (
                  <tr key={`${task.labId}/${task.taskId}`} data-task={`${task.labId}/${task.taskId}`}>
                    <td>
                      ↳ {task.labTitle}: {task.taskTitle}
                    </td>
                    <td>
                      <span className="status-pill" data-status={task.best ?? "none"}>
                        {task.best ?? "not tried"}
                      </span>
                    </td>
                    <td>
                      {task.attempts}
                      {task.practiceRuns ? <span className="muted"> (+{task.practiceRuns} practice, not counted)</span> : null}
                    </td>
                    <td>{task.lastRunId ? <Link href={`/runs/${task.lastRunId}`}>{task.lastDiagnosis ?? "open run"}</Link> : "—"}</td>
                  </tr>
                )),
              ])}
            </tbody>
          </table>
        </div>
      </section>
      <section className="account-card">
        <h2>Past runs</h2>
        {board.recentRuns.length === 0 ? (
          <p className="muted">No runs yet. Open a chapter and press Run in one of its labs.</p>
        ) : (
          <table className="data-table" data-testid="runs-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Lab / task</th>
                <th scope="col">Result</th>
                <th scope="col">Diagnosis</th>
              </tr>
            </thead>
            <tbody>
              {board.recentRuns.map((run) => (
                <tr key={run.id}>
                  <td>
                    <Link href={`/runs/${run.id}`}>{run.createdAt.toISOString().replace("T", " ").slice(0, 16)}</Link>
                  </td>
                  <td>
                    {run.labId} / {run.taskId}
                    {run.replayOfId ? " (replay, not counted)" : ""}
                  </td>
                  <td>
                    <span className="status-pill" data-status={run.status}>
                      {run.status}
                    </span>
                  </td>
                  <td>{run.diagnosis ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Pager info={board.runPage} path="/dashboard" label="Past runs pages" />
      </section>
      <section className="account-card">
        <h2>Cohorts</h2>
        {cohorts.length > 0 && <p>You are in: {cohorts.map((c) => c.name).join(", ")}.</p>}
        <JoinCohortForm />
      </section>
    </div>
  );
}
