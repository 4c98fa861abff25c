/**
 * Admitted requests per user on the lab clock, and the most admitted in any rolling window:
 * the window [s, s + W) holding the most requests starts at an admitted one, so it is the
 * count in (t − W, t] for some admitted t. Times arrive in order (instants run one by one).
 */
export class RollingWindows {
  private readonly admitted = new Map<string, number[]>();
  readonly max = new Map<string, number>();

  constructor(private readonly windowMs: number) {}

  admit(user: string, at: number): void {
    const times = this.admitted.get(user) ?? [];
    times.push(at);
    this.admitted.set(user, times);
    this.max.set(user, Math.max(this.max.get(user) ?? 0, this.countEndingAt(user, at)));
  }

  /** Admitted in (at − W, at]. */
  countEndingAt(user: string, at: number): number {
    const times = this.admitted.get(user) ?? [];
    return times.filter((t) => t > at - this.windowMs && t <= at).length;
  }
}
