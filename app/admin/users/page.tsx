import { notFound } from "next/navigation";
import { requireViewer } from "@/lib/auth/require";
import { prisma } from "@/lib/db/client";
import { listUsers } from "@/lib/people/roles";
import { RoleForm } from "@/components/account/RoleForm";
import "@/components/account/account.css";

export const dynamic = "force-dynamic";
export const metadata = { title: "Users" };

export default async function UsersPage() {
  const viewer = await requireViewer("/admin/users");
  if (viewer.role !== "admin") notFound();
  const users = await listUsers(prisma(), viewer);
  return (
    <div className="account-page">
      <h1>Users</h1>
      <p className="lede">Promote a student to instructor to let them create cohorts and see their gradebooks.</p>
      <section className="account-card table-scroll">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>{u.name}</td>
                <td>{u.email}</td>
                <td>
                  <RoleForm email={u.email} role={u.role} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
