import type Redis from 'ioredis';

export interface FailureLimits {
  /** Failures allowed within the window; the next attempt is refused (429). */
  max: number;
  windowMs: number;
}

const MAX_TRACKED = 10_000;

/**
 * Counts failed attempts per subject (database + login) within a window, in Redis when configured
 * (shared by every instance) and in memory otherwise or when Redis does not answer.
 */
export class FailureLimiter {
  private readonly local = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly redis: Redis | null,
    readonly limits: FailureLimits = { max: 5, windowMs: 15 * 60_000 },
  ) {}

  private redisKey(subject: string): string {
    return `nest-tryton:auth-failures:${subject}`;
  }

  async blocked(subject: string): Promise<boolean> {
    return (await this.count(subject)) >= this.limits.max;
  }

  private async count(subject: string): Promise<number> {
    if (this.redis) {
      try {
        return Number((await this.redis.get(this.redisKey(subject))) ?? 0);
      } catch {
        // Redis down: the in-memory count still protects this instance.
      }
    }
    const entry = this.local.get(subject);
    return entry && entry.resetAt > Date.now() ? entry.count : 0;
  }

  async fail(subject: string): Promise<void> {
    this.failLocally(subject);
    if (!this.redis) return;
    try {
      const key = this.redisKey(subject);
      const count = await this.redis.incr(key);
      if (count === 1) await this.redis.pexpire(key, this.limits.windowMs);
    } catch {
      // counted locally
    }
  }

  private failLocally(subject: string): void {
    const now = Date.now();
    if (this.local.size >= MAX_TRACKED) {
      for (const [k, v] of this.local) if (v.resetAt <= now) this.local.delete(k);
      if (this.local.size >= MAX_TRACKED) this.local.delete(this.local.keys().next().value!);
    }
    const entry = this.local.get(subject);
    if (entry && entry.resetAt > now) entry.count++;
    else this.local.set(subject, { count: 1, resetAt: now + this.limits.windowMs });
  }

  async reset(subject: string): Promise<void> {
    this.local.delete(subject);
    await this.redis?.del(this.redisKey(subject)).catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.redis?.quit().catch(() => this.redis?.disconnect());
  }
}
