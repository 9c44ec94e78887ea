/**
 * A per-address request budget for the public customer pages. Guessing a token is hopeless
 * (256 bits), so this is not about secrecy: it keeps one address from spending the
 * server's time rendering PDFs in a loop. It is deliberately per server process — each
 * instance protects its own CPU — and forgets addresses whose minute has passed.
 */
import type { Clock } from '../../shared/clock.ts';

const WINDOW_MS = 60_000;
/** Past this many remembered addresses, expired entries are swept before adding more. */
const SWEEP_AT = 10_000;

export class VisitorLimit {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly clock: Clock,
  ) {}

  /** Counts one request from `address`; the seconds to wait when it is over budget, else null. */
  take(address: string): number | null {
    const now = this.clock.now().getTime();
    let window = this.windows.get(address);
    if (window === undefined || now - window.start >= WINDOW_MS) {
      if (window === undefined && this.windows.size >= SWEEP_AT) this.sweep(now);
      window = { start: now, count: 0 };
      this.windows.set(address, window);
    }
    window.count += 1;
    if (window.count <= this.perMinute) return null;
    return Math.max(1, Math.ceil((window.start + WINDOW_MS - now) / 1000));
  }

  private sweep(now: number): void {
    for (const [address, window] of this.windows) if (now - window.start >= WINDOW_MS) this.windows.delete(address);
  }
}
