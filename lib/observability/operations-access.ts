/** Who may see the operations page and its API: admins (it names every worker and error run). */
import type { Viewer } from "@/lib/auth/viewer";
import { AccessError, signInRequired } from "@/lib/people/errors";

export function assertCanSeeOperations(viewer: Viewer | null): asserts viewer is Viewer {
  if (!viewer) throw signInRequired();
  if (viewer.role !== "admin") throw new AccessError(403, "Only admins can see the operations page.");
}
