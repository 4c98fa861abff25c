/** A request the pipeline refuses; `status` is the HTTP status the API answers with. */
export class RunRequestError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 413 | 429 | 503,
    message: string,
  ) {
    super(message);
    this.name = "RunRequestError";
  }
}
