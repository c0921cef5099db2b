import http from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';

// The old site's uploads, served from loopback for a migration to fetch
// (--media-url-base): every image path answers with the same generated JPEG, anything
// else 404. 160 px wide, under the smallest variant width: the server makes one variant
// per format at that width, the fewest encodes for the forty-odd images an import queues.

export interface ImageHost {
  /** Origin without a trailing slash, e.g. "http://127.0.0.1:41234". */
  url: string;
  port: number;
  /** Paths asked for, in order. */
  requests: string[];
  close(): Promise<void>;
}

const IMAGE_PATH = /\.(jpe?g|png|gif)$/i;

export async function startImageHost(): Promise<ImageHost> {
  const jpeg = await sharp({ create: { width: 160, height: 100, channels: 3, background: '#3d5a73' } })
    .jpeg({ quality: 70 })
    .toBuffer();
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://host.invalid').pathname;
    requests.push(pathname);
    if (!IMAGE_PATH.test(pathname)) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': jpeg.length }).end(jpeg);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
