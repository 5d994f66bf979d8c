/**
 * Concurrent work on one key done once per process: the first caller runs it, later callers share
 * its outcome (result or error) until it settles.
 */
export class SingleFlight<T> {
  private readonly flights = new Map<string, Promise<T>>();

  /** The outcome of the running flight for `key`, if there is one. */
  running(key: string): Promise<T> | undefined {
    return this.flights.get(key);
  }

  /** Runs fn as the flight for `key`, or joins the one already running. */
  run(key: string, fn: () => Promise<T>): Promise<T> {
    const current = this.flights.get(key);
    if (current) return current;
    const flight: Promise<T> = fn().finally(() => {
      if (this.flights.get(key) === flight) this.flights.delete(key);
    });
    this.flights.set(key, flight);
    return flight;
  }

  /**
   * Opens a flight whose outcome the caller settles later (when the answer is only known after its
   * stream ends); returns the settle function. After `maxMs` the flight settles with `fallback` by
   * itself, so a stream nobody finishes cannot hold later requests for the key.
   */
  open(key: string, maxMs: number, fallback: T): (value: T) => void {
    let resolve!: (value: T) => void;
    const flight = new Promise<T>((r) => (resolve = r));
    this.flights.set(key, flight);
    const settle = (value: T) => {
      clearTimeout(timer);
      if (this.flights.get(key) === flight) this.flights.delete(key);
      resolve(value);
    };
    const timer = setTimeout(() => settle(fallback), maxMs).unref();
    return settle;
  }
}

/** The promise's value, or `fallback` if it takes longer than `ms`. */
export function within<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
