import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** Something that watches every response of an HTTP server (the request log, the metrics). */
export interface ResponseObserver {
  /** The request came in, before anything answers it: headers set here go out with any answer. */
  started?(req: IncomingMessage, res: ServerResponse): void;
  /** The response closed (finished, or the client went away), `seconds` after its request came in. */
  closed(res: ServerResponse, seconds: number): void;
}

/** When a response's request came in (performance.now()). */
const STARTED = Symbol('response-observers:started');
type Observed = ServerResponse & { [STARTED]?: number };

/** The observers of one server, behind its first 'request' listener. */
class Observers {
  readonly list: ResponseObserver[] = [];
  readonly request: (req: IncomingMessage, res: ServerResponse) => void;

  constructor() {
    const list = this.list;
    // One function for every response: a closure per request costs a cache hit more than the work.
    const closed = function (this: ServerResponse) {
      const seconds = (performance.now() - (this as Observed)[STARTED]!) / 1e3;
      for (const observer of list) observer.closed(this, seconds);
    };
    this.request = (req, res) => {
      (res as Observed)[STARTED] = performance.now();
      for (const observer of list) observer.started?.(req, res);
      res.on('close', closed);
    };
  }
}

const servers = new WeakMap<Server, Observers>();

/**
 * Watches every request the server receives, cache hits of the fast path included: all observers
 * share one 'request' listener, put in front of the server's others (so it also runs before
 * installCacheFastPath's, and its start time and headers come first), one time stamp and one 'close'
 * listener per response; each observer more would otherwise add all three to every request, cache
 * hits included. Returns the function that stops watching.
 */
export function observeResponses(server: Server, observer: ResponseObserver): () => void {
  let observers = servers.get(server);
  if (!observers) {
    servers.set(server, (observers = new Observers()));
    server.prependListener('request', observers.request);
  }
  observers.list.push(observer);
  return () => {
    const current = servers.get(server);
    if (!current) return;
    const at = current.list.indexOf(observer);
    if (at >= 0) current.list.splice(at, 1);
    if (current.list.length) return;
    server.off('request', current.request);
    servers.delete(server);
  };
}
