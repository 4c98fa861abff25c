type Payment = { orderId: string; account: string; amountCents: number };
type Request = { account: string; amountCents: number; idempotencyKey: string | null; fingerprint: string };
type Response = { status: number; body: unknown };

/** Longer than any request takes the server (1 s): a claim this old without a response was abandoned. */
const STALE_AFTER_MS = 3000;

export function idempotencyKey(payment: Payment, attempt: number): string {
  return payment.orderId;
}

/** The claim commits on its own; a concurrent duplicate gets 409, and a crashed owner's claim is taken over once stale. */
export function handleCharge(request: Request, db: any): Response {
  const key = request.idempotencyKey;
  if (!key) return { status: 400, body: { error: "an idempotency key is required" } };
  if (!db.claim(key, request.fingerprint).claimed) {
    const stored = db.find(key);
    if (!stored) return { status: 409, body: { error: "retry" } };
    if (stored.fingerprint !== request.fingerprint) return { status: 422, body: { error: "this key was used for a different charge" } };
    if (stored.response !== null) return stored.response;
    if (!db.takeOver(key, STALE_AFTER_MS)) return { status: 409, body: { error: "a request with this key is in progress; retry" } };
  }
  db.begin();
  const charged = db.charge(request.account, request.amountCents, key);
  const response: Response = charged.insufficient
    ? { status: 402, body: { error: "insufficient funds" } }
    : { status: 201, body: { id: charged.chargeId, balanceCents: charged.balanceCents } };
  db.saveResponse(key, request.fingerprint, response);
  db.commit();
  return response;
}
