/** The header's account links: what the signed-in user can open, or "Sign in". */
import Link from "next/link";
import { currentViewer, isStaff } from "@/lib/auth/viewer";
import "./account.css";

export async function AccountNav() {
  const viewer = await currentViewer().catch(() => null);
  if (!viewer) {
    return (
      <nav className="account-nav" aria-label="Account">
        <Link href="/sign-in">Sign in</Link>
      </nav>
    );
  }
  return (
    <nav className="account-nav" aria-label="Account">
      <Link href="/dashboard">Dashboard</Link>
      {isStaff(viewer) && <Link href="/instructor">Instructor</Link>}
      {viewer.role === "admin" && <Link href="/admin/users">Users</Link>}
      <Link href="/account" title={viewer.email}>
        {viewer.name}
      </Link>
    </nav>
  );
}
