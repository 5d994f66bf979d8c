/**
 * Stops paying Redis's command timeout on every request while Redis is frozen or unreachable: after
 * a failure, calls are refused at once for `coolDownMs`, then one caller probes; its success closes
 * the breaker again.
 */
export class CircuitBreaker {
  private failing = false;
  private openUntil = 0;

  constructor(private readonly coolDownMs: number) {}

  /** Whether a call may be tried now (a failing breaker lets one probe through per cool-down). */
  allow(): boolean {
    if (!this.failing) return true;
    const now = Date.now();
    if (now < this.openUntil) return false;
    this.openUntil = now + this.coolDownMs;
    return true;
  }

  get isFailing(): boolean {
    return this.failing;
  }

  failed(): void {
    this.failing = true;
    this.openUntil = Date.now() + this.coolDownMs;
  }

  succeeded(): void {
    this.failing = false;
    this.openUntil = 0;
  }
}
