/** A refusal a route turns into its HTTP status with the message shown to the user. */
export class AccessError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 413 | 429,
    message: string,
  ) {
    super(message);
  }
}

export const signInRequired = () => new AccessError(401, "Sign in to do this: /sign-in");
export const notFound = (what = "Not found") => new AccessError(404, what);
export const staffOnly = () => new AccessError(403, "Only instructors can do this.");
