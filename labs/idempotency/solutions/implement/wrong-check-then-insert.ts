type Payment = { orderId: string; account: string; amountCents: number };
type Request = { account: string; amountCents: number; idempotencyKey: string | null; fingerprint: string };
type Response = { status: number; body: unknown };

/** The key names the payment: every retry of one order sends the same one. */
export function idempotencyKey(payment: Payment, attempt: number): string {
  return `order-${payment.orderId}`;
}

/** Look the key up; if it is new, charge and remember the response. No claim: nothing stops a concurrent duplicate. */
export function handleCharge(request: Request, db: any): Response {
  const key = request.idempotencyKey!;
  const stored = db.find(key);
  if (stored) {
    if (stored.fingerprint !== request.fingerprint) return { status: 422, body: { error: "key reused" } };
    if (stored.response !== null) return stored.response;
  }
  const charged = db.charge(request.account, request.amountCents, key);
  const response: Response = { status: 201, body: { id: charged.chargeId } };
  db.saveResponse(key, request.fingerprint, response);
  return response;
}
