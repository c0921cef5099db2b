// The baseline: a bare Node `http` server answering every request with the same bytes and
// the same content-type/content-length as the Masthead article page it was given.
// It does no routing, no templating, no database: the ceiling for "serve this page" on
// this machine, with this Node, under the same load generator.
//
// env: BODY_FILE (the page bytes), CONTENT_TYPE, PORT, HOST (default 127.0.0.1)

import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';

const body = readFileSync(process.env.BODY_FILE);
const headers = {
  'content-type': process.env.CONTENT_TYPE || 'text/html; charset=utf-8',
  'content-length': String(body.length),
};

const server = createServer((req, res) => {
  res.writeHead(200, headers);
  res.end(body);
});
server.listen(Number(process.env.PORT), process.env.HOST || '127.0.0.1');

const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
