import Link from "next/link";
import { notFound } from "next/navigation";
import { requireViewer } from "@/lib/auth/require";
import { isStaff } from "@/lib/auth/viewer";
import { prisma } from "@/lib/db/client";
import { cohortsTaught } from "@/lib/people/cohorts";
import { CreateCohortForm } from "@/components/account/CreateCohortForm";
import "@/components/account/account.css";

export const dynamic = "force-dynamic";
export const metadata = { title: "Instructor" };

export default async function InstructorPage() {
  const viewer = await requireViewer("/instructor");
  if (!isStaff(viewer)) notFound();
  const cohorts = await cohortsTaught(prisma(), viewer);
  return (
    <div className="account-page">
      <h1>Your cohorts</h1>
      <p className="lede">Give students a cohort&apos;s join code; they enter it on their dashboard.</p>
      <section className="account-card">
        <CreateCohortForm />
      </section>
      <section className="account-card">
        {cohorts.length === 0 ? (
          <p className="muted">No cohorts yet.</p>
        ) : (
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Cohort</th>
                <th scope="col">Join code</th>
                <th scope="col">Students</th>
              </tr>
            </thead>
            <tbody>
              {cohorts.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link href={`/instructor/cohorts/${c.id}`}>{c.name}</Link>
                  </td>
                  <td className="join-code" data-testid="join-code">
                    {c.joinCode}
                  </td>
                  <td>{c._count.members}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
