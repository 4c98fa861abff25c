"use client";
/**
 * What a page shows when rendering it failed — in practice, Postgres or Redis not answering
 * for a moment (a restart). Production hides the error's text, so this says what is likely
 * and what to do; the digest lets an operator find the logged error.
 */
export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <section className="page-error" role="alert">
      <h1>This page could not be loaded just now</h1>
      <p>
        Part of Faultline is not answering (it may be restarting). Nothing you submitted is lost: runs and grades are kept and
        finish on their own.
      </p>
      <p>
        <button type="button" onClick={reset}>
          Try again
        </button>{" "}
        or reload in a few seconds.
      </p>
      {error.digest ? <p className="page-error-ref">Reference for the operator: {error.digest}</p> : null}
    </section>
  );
}
