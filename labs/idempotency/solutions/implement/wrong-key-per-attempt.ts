type Payment = { orderId: string; account: string; amountCents: number };
type Request = { account: string; amountCents: number; idempotencyKey: string | null; fingerprint: string };
type Response = { status: number; body: unknown };

/** A fresh key for every attempt. */
export function idempotencyKey(payment: Payment, attempt: number): string {
  return `${payment.orderId}-${attempt}`;
}

/** (the reference's server) Claim, charge and store the response in one transaction: a crash leaves nothing half done. */
export function handleCharge(request: Request, db: any): Response {
  const key = request.idempotencyKey;
  if (!key) return { status: 400, body: { error: "an idempotency key is required" } };
  db.begin();
  // A concurrent claim of the same key makes this wait until that transaction ends.
  const { claimed } = db.claim(key, request.fingerprint);
  if (!claimed) {
    const stored = db.find(key);
    db.rollback();
    if (stored && stored.fingerprint !== request.fingerprint) return { status: 422, body: { error: "this key was used for a different charge" } };
    if (!stored || stored.response === null) return { status: 409, body: { error: "a request with this key is in progress" } };
    return stored.response;
  }
  const charged = db.charge(request.account, request.amountCents, key);
  const response: Response = charged.insufficient
    ? { status: 402, body: { error: "insufficient funds", balanceCents: charged.balanceCents } }
    : { status: 201, body: { id: charged.chargeId, account: request.account, amountCents: request.amountCents, balanceCents: charged.balanceCents } };
  db.saveResponse(key, request.fingerprint, response);
  db.commit();
  return response;
}
