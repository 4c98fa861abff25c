import { notFound } from "next/navigation";
import { requireViewer } from "@/lib/auth/require";
import { operationsSnapshot } from "@/lib/observability/operations";
import { runServices } from "@/lib/runs/services";
import { OperationsLive } from "@/components/admin/OperationsLive";
import "@/components/account/account.css";
import "@/components/admin/operations.css";

export const dynamic = "force-dynamic";
export const metadata = { title: "Operations" };

export default async function OperationsPage() {
  const viewer = await requireViewer("/admin/operations");
  // Not an admin: the same page as for an address that does not exist.
  if (viewer.role !== "admin") notFound();
  const { db, redis, prefix, queue } = runServices();
  const initial = await operationsSnapshot({ db, redis, prefix, queue });
  return (
    <div className="account-page operations-page">
      <h1>Operations</h1>
      <p className="lede">
        The lab queue, its workers and the runs they finish, live (every second). The same numbers are served to Prometheus at{" "}
        <code>/metrics</code>; docs/OPERATIONS.md says which alerts to set.
      </p>
      <OperationsLive initial={initial} />
    </div>
  );
}
