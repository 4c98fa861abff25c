import Link from "next/link";
import { notFound } from "next/navigation";
import { requireViewer } from "@/lib/auth/require";
import { AccessError } from "@/lib/people/errors";
import { gradebookFor } from "@/lib/people/cohort-gradebook";
import { parsePage } from "@/lib/people/paging";
import { Pager } from "@/components/people/Pager";
import { RemoveMember, RotateJoinCode } from "./CohortActions";
import "@/components/account/account.css";

export const dynamic = "force-dynamic";
export const metadata = { title: "Gradebook" };

export default async function GradebookPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ page?: string | string[] }> }) {
  const { id } = await params;
  const viewer = await requireViewer(`/instructor/cohorts/${id}`);
  const book = await gradebookFor(viewer, id, parsePage((await searchParams).page)).catch((error: unknown) => {
    if (error instanceof AccessError) notFound();
    throw error;
  });
  return (
    <div className="account-page">
      <h1>{book.cohort.name}</h1>
      <p className="lede">
        Join code <span className="join-code" data-testid="join-code">{book.cohort.joinCode}</span> <RotateJoinCode cohortId={book.cohort.id} /> ·{" "}
        {book.studentPage.total} students ·{" "}
        <a href={`/api/cohorts/${book.cohort.id}/gradebook.csv`} download data-testid="csv-link">
          Download CSV
        </a>
      </p>
      <section className="account-card table-scroll">
        <h2>Students × tasks</h2>
        <table className="data-table" data-testid="gradebook">
          <thead>
            <tr>
              <th scope="col">Student</th>
              {book.tasks.map((t) => (
                <th scope="col" key={t.key}>
                  {t.title}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {book.students.map((s) => (
              <tr key={s.id}>
                <th scope="row">
                  {s.name}
                  <br />
                  <span className="muted">{s.email}</span>
                  <br />
                  <RemoveMember cohortId={book.cohort.id} userId={s.id} name={s.name} />
                </th>
                {book.tasks.map((t) => {
                  const cell = s.cells[t.key];
                  return (
                    <td key={t.key} data-cell={`${s.email}|${t.key}`}>
                      {cell ? (
                        <Link href={`/runs/${cell.lastRunId}`}>
                          <span className="status-pill" data-status={cell.passed ? "passed" : "failed"}>
                            {cell.passed ? "pass" : "fail"}
                          </span>{" "}
                          ×{cell.attempts}
                          {cell.practiceRuns ? <span className="muted"> +{cell.practiceRuns} practice</span> : null}
                        </Link>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
            <tr>
              <th scope="row">Pass rate (whole cohort)</th>
              {book.tasks.map((t) => (
                <td key={t.key}>{Math.round(t.passRate * 100)}%</td>
              ))}
            </tr>
          </tbody>
        </table>
        <Pager info={book.studentPage} path={`/instructor/cohorts/${book.cohort.id}`} label="Gradebook pages" />
      </section>
      <section className="account-card">
        <h2>Most common failures</h2>
        {book.tasks.filter((t) => t.commonFailures.length).length === 0 && <p className="muted">No failed runs yet.</p>}
        {book.tasks
          .filter((t) => t.commonFailures.length)
          .map((t) => (
            <div key={t.key}>
              <h3>{t.title}</h3>
              <ol>
                {t.commonFailures.map((f) => (
                  <li key={f.diagnosis}>
                    {f.diagnosis} <span className="muted">({f.count}×)</span>
                  </li>
                ))}
              </ol>
            </div>
          ))}
      </section>
    </div>
  );
}
