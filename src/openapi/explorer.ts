import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RenderedDocument } from './openapi.service';
import { createHash } from 'node:crypto';

/**
 * The explorer: swagger-ui from the `swagger-ui-dist` package, served by this application (no CDN:
 * the page works offline). Every URL in the page is relative to /:db/rest/openapi, so it works behind
 * a proxy that forwards /:db/rest/ under another prefix.
 */
export const EXPLORER_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>REST API explorer</title>
<link rel="stylesheet" href="openapi/swagger-ui.css">
<style>
  body { margin: 0; font-family: sans-serif; }
  #key-form { display: flex; gap: .5em; align-items: center; padding: .75em 1.25em; background: #1b1b1b; color: #fff; }
  #key-form input { flex: 1; max-width: 40em; padding: .35em; font-family: monospace; }
</style>
</head>
<body>
<form id="key-form" autocomplete="off">
  <label for="key">User-application key</label>
  <input id="key" type="password" placeholder="the key (kept in this tab only)">
  <button type="submit">Load</button>
</form>
<div id="swagger-ui"></div>
<script src="openapi/swagger-ui-bundle.js"></script>
<script src="openapi/explorer.js"></script>
</body>
</html>
`;

/**
 * Asks for the key (the document, like every route with data, needs one), keeps it in sessionStorage,
 * and sends it with the document request and with every "try it out" request.
 */
const EXPLORER_SCRIPT = `(function () {
  'use strict';
  var STORAGE = 'nest-tryton.openapi.key';
  var input = document.getElementById('key');
  input.value = sessionStorage.getItem(STORAGE) || '';
  function load() {
    var key = input.value.trim();
    if (key) sessionStorage.setItem(STORAGE, key);
    else sessionStorage.removeItem(STORAGE);
    window.ui = SwaggerUIBundle({
      url: 'openapi.json',
      dom_id: '#swagger-ui',
      deepLinking: true,
      validatorUrl: null,
      docExpansion: 'none',
      tryItOutEnabled: false,
      requestInterceptor: function (request) {
        if (key && !request.headers.Authorization) request.headers.Authorization = 'Bearer ' + key;
        return request;
      },
    });
  }
  document.getElementById('key-form').addEventListener('submit', function (event) {
    event.preventDefault();
    load();
  });
  if (input.value) load();
})();
`;

interface Asset extends RenderedDocument {
  type: string;
}

const TYPES: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'explorer.js': 'text/javascript; charset=utf-8',
};

const assets = new Map<string, Asset>();

const asset = (body: Buffer, type: string): Asset => ({
  body,
  type,
  etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
});

/** A file of the page, by name (a fixed list: nothing else of the disk is reachable); null if unknown. */
export function explorerAsset(name: string): Asset | null {
  const type = Object.prototype.hasOwnProperty.call(TYPES, name) ? TYPES[name] : undefined;
  if (!type) return null;
  let found = assets.get(name);
  if (!found) {
    const body =
      name === 'explorer.js'
        ? Buffer.from(EXPLORER_SCRIPT)
        : readFileSync(join(dirname(require.resolve('swagger-ui-dist/package.json')), name));
    assets.set(name, (found = asset(body, type)));
  }
  return found;
}

let page: Asset | null = null;

/** The HTML page. */
export function explorerPage(): Asset {
  return (page ??= asset(Buffer.from(EXPLORER_PAGE), 'text/html; charset=utf-8'));
}
