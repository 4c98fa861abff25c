/** For pages: the viewer, or a redirect to sign-in that comes back here afterwards. */
import { redirect } from "next/navigation";
import { currentViewer, type Viewer } from "./viewer";

export async function requireViewer(returnTo: string): Promise<Viewer> {
  const viewer = await currentViewer();
  if (!viewer) redirect(`/sign-in?next=${encodeURIComponent(returnTo)}`);
  return viewer;
}
