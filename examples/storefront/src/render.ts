import type { ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import type { ReactNode } from 'react';
import { renderToPipeableStream } from 'react-dom/server';

/**
 * stream: the head and the page frame leave as soon as React has the shell (nothing in it waits for
 * the API); each Suspense boundary follows as its data arrives. buffer: the same page, sent whole
 * once every boundary is ready (what a classic server-rendered shop does), for comparison.
 */
export type RenderMode = 'stream' | 'buffer';

export interface Preload {
  href: string;
  as: 'style' | 'image';
}

export interface PageResponse {
  status?: number;
  mode: RenderMode;
  /** Sent as a Link header too, so the browser can fetch them before the first byte of HTML. */
  preloads: Preload[];
  headers?: Record<string, string | string[]>;
}

const linkHeader = (preloads: Preload[]) =>
  preloads
    .map((p) => `<${p.href}>; rel=preload; as=${p.as}${p.as === 'image' ? '; fetchpriority=high' : ''}`)
    .join(', ');

function writeHead(res: ServerResponse, page: PageResponse, extra: Record<string, string> = {}): void {
  res.statusCode = page.status ?? 200;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'private, no-cache');
  res.setHeader('X-Render', page.mode);
  if (page.preloads.length) res.setHeader('Link', linkHeader(page.preloads));
  for (const [name, value] of Object.entries({ ...page.headers, ...extra })) res.setHeader(name, value);
}

/** Renders a page (a whole document) into the response, streamed or buffered. */
export function sendPage(res: ServerResponse, node: ReactNode, page: PageResponse): Promise<void> {
  return new Promise((done) => {
    let failed = false;
    const fail = (error: unknown) => {
      failed = true;
      console.error('storefront: render failed', error);
      if (!res.headersSent) {
        res.statusCode = 500;
        res.setHeader('Content-Type', 'text/plain; charset=utf-8');
        res.end('The page could not be rendered.');
      } else res.destroy();
      done();
    };
    const stream = renderToPipeableStream(node, {
      onShellReady() {
        if (page.mode !== 'stream' || failed) return;
        writeHead(res, page);
        stream.pipe(res);
      },
      onAllReady() {
        if (page.mode !== 'buffer' || failed) return;
        const chunks: Buffer[] = [];
        const sink = new Writable({
          write(chunk: Buffer, _encoding, next) {
            chunks.push(Buffer.from(chunk));
            next();
          },
          final(next) {
            const body = Buffer.concat(chunks);
            writeHead(res, page, { 'Content-Length': String(body.length) });
            res.end(body);
            next();
          },
        });
        stream.pipe(sink);
      },
      onShellError: fail,
      onError(error) {
        // Data errors are rendered by the pages themselves; this is a bug in a component.
        console.error('storefront: render error', error);
      },
    });
    res.on('close', () => {
      stream.abort();
      done();
    });
    res.on('finish', () => done());
  });
}
