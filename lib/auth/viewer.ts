/**
 * Who is asking: the one function every route and server action uses to read the session
 * and role on the server. Roles come from our database row, never from the client.
 */
import { headers as nextHeaders } from "next/headers";
import { prisma } from "@/lib/db/client";
import { auth } from "./auth";

export type Role = "student" | "instructor" | "admin";

export interface Viewer {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export async function viewerFrom(headers: Headers): Promise<Viewer | null> {
  const session = await auth().api.getSession({ headers });
  if (!session) {
    // better-auth answers "no session" also when it cannot read sessions at all. A request
    // that carries a session cookie must learn the database is down (a 503, lib/http/outage.ts),
    // not be sent to sign in: this throws when Postgres does not answer.
    if (/session_token=/.test(headers.get("cookie") ?? "")) await prisma().$queryRaw`SELECT 1`;
    return null;
  }
  const user = await prisma().user.findUnique({
    where: { id: session.user.id },
    select: { id: true, email: true, name: true, role: true },
  });
  return user ? { ...user, role: user.role as Role } : null;
}

/** For server components and server actions. */
export async function currentViewer(): Promise<Viewer | null> {
  return viewerFrom(await nextHeaders());
}

export function isStaff(viewer: Pick<Viewer, "role"> | null): boolean {
  return viewer?.role === "instructor" || viewer?.role === "admin";
}
