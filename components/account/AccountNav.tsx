"use client";
/**
 * The header's account links. A client component on purpose: reading the session on the
 * server would make every page (chapters included) dynamic, losing their static caching.
 * Links shown here are conveniences; every page and route checks the role on the server.
 */
import Link from "next/link";
import { authClient } from "@/lib/auth/client";
import "./account.css";

export function AccountNav() {
  const { data, isPending } = authClient.useSession();
  if (isPending) return <nav className="account-nav" aria-label="Account" aria-busy="true" />;
  const user = data?.user as { name: string; email: string; role?: string } | undefined;
  if (!user) {
    return (
      <nav className="account-nav" aria-label="Account">
        <Link href="/sign-in">Sign in</Link>
      </nav>
    );
  }
  const staff = user.role === "instructor" || user.role === "admin";
  return (
    <nav className="account-nav" aria-label="Account">
      <Link href="/dashboard">Dashboard</Link>
      {staff && <Link href="/instructor">Instructor</Link>}
      {user.role === "admin" && <Link href="/admin/users">Users</Link>}
      <Link href="/account" title={user.email}>
        {user.name}
      </Link>
    </nav>
  );
}
