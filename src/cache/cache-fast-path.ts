import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import type { Response } from 'express';
import { ApplicationKeyResolver } from '../auth/application-key-resolver';
import { keyFromAuthorization } from '../auth/key';
import { type RequestAuth, setAuth, setResolvedAuth } from '../auth/request-auth';
import type { Reply } from '../http/reply';
import { writeReply } from '../http/reply-writer.interceptor';
import { DatabaseServer } from '../storage/database';
import { ResponseCache } from './response-cache';

function databaseName(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

/** GETs of both dialects' REST routes: the only requests the fast path may answer. */
const CACHEABLE = /^\/([^/?#]+)\/rest\/(?:model|api)\//;

/**
 * Serves cache hits from the HTTP server's 'request' event, before Express and Nest, which cost
 * several times what Node itself does per request: a hit then costs its key (in memory), the
 * caller's key resolution and access profile (in memory) and one Redis round trip. Anything else (not
 * a GET of a REST route, no valid key, a miss, the store unreachable) goes on to the application
 * untouched, which authenticates and answers it as usual. The key is accepted exactly as the
 * application-key guard accepts it: a known database and a validated key of an active user.
 *
 * Call after the application is created and before it listens. Whatever else must see every request
 * (access logs, metrics, throttling) does not see these hits unless it hooks in here too.
 */
export function installCacheFastPath(app: INestApplication): void {
  const server = app.getHttpServer() as Server;
  const cache = app.get(ResponseCache);
  const keys = app.get(ApplicationKeyResolver);
  const database = app.get(DatabaseServer);
  const application = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  const pass = (req: IncomingMessage, res: ServerResponse) => {
    for (const listener of application) listener.call(server, req, res);
  };

  const hit = async (
    req: IncomingMessage,
    key: string,
    db: string,
    known: RequestAuth | undefined,
  ): Promise<Reply | null> => {
    let auth = known;
    if (!auth) {
      if (!(await database.exists(db))) return null;
      auth = (await keys.resolve(db, key)) ?? undefined;
      if (!auth) return null;
    }
    // The guard takes this caller as it is for the same database and header (no second lookup).
    setResolvedAuth(req, db, req.headers.authorization!, auth);
    return cache.hit(req.url!, req.headers, db, auth, req);
  };

  const send = (res: ServerResponse, reply: Reply) => {
    try {
      writeReply(res as unknown as Response, reply);
    } catch {
      res.destroy();
    }
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const match = req.method === 'GET' ? CACHEABLE.exec(req.url ?? '') : null;
    const key = match ? keyFromAuthorization(req.headers.authorization) : null;
    const db = key ? databaseName(match![1]) : null;
    if (!key || db === null) return pass(req, res);
    // Everything in memory (known database, key, profile, entry under the lease): answered at once.
    const known = database.isKnown(db) ? keys.resolveCached(db, key) : undefined;
    if (known) {
      setAuth(req, known);
      const reply = cache.hitNow(req.url!, req.headers, db, known);
      if (reply) return send(res, reply);
    }
    hit(req, key, db, known).then(
      (reply) => {
        if (reply) return send(res, reply);
        // A miss's lookup waits for the route; whatever answers, the lock is not left behind.
        res.once('close', () => cache.forget(req));
        pass(req, res);
      },
      () => pass(req, res),
    );
  });
}
