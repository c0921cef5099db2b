import { describe, expect, it } from 'vitest';
import { parseEmbedUrl } from './embed-url.js';

describe('parseEmbedUrl', () => {
  it.each([
    ['https://www.youtube.com/watch?v=dQw4w9WgXcQ', 'youtube', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ'],
    ['https://youtube.com/watch?v=dQw4w9WgXcQ&t=42s', 'youtube', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ'],
    ['http://m.youtube.com/watch?v=dQw4w9WgXcQ', 'youtube', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ'],
    ['https://youtu.be/dQw4w9WgXcQ?si=abc', 'youtube', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ'],
    ['https://www.youtube.com/shorts/dQw4w9WgXcQ', 'youtube', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ'],
    ['https://www.youtube.com/embed/dQw4w9WgXcQ', 'youtube', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ'],
    ['https://x.com/NewsDesk/status/1790000000000000001', 'x', 'https://x.com/NewsDesk/status/1790000000000000001'],
    ['https://twitter.com/NewsDesk/status/1790000000000000001?s=20', 'x', 'https://x.com/NewsDesk/status/1790000000000000001'],
    [
      'https://bsky.app/profile/desk.example.org/post/3kq2abcd5xyz2',
      'bluesky',
      'https://bsky.app/profile/desk.example.org/post/3kq2abcd5xyz2',
    ],
    [
      'https://bsky.app/profile/did:plc:abc123xyz/post/3kq2abcd5xyz2',
      'bluesky',
      'https://bsky.app/profile/did:plc:abc123xyz/post/3kq2abcd5xyz2',
    ],
  ])('accepts %s as %s with the canonical URL', (raw, provider, url) => {
    expect(parseEmbedUrl(raw)).toMatchObject({ provider, url });
  });

  it.each([
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'ftp://www.youtube.com/watch?v=dQw4w9WgXcQ',
    'https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ',
    'https://evil.example/www.youtube.com/watch?v=dQw4w9WgXcQ',
    'https://user:pw@www.youtube.com/watch?v=dQw4w9WgXcQ',
    'https://www.youtube.com:8443/watch?v=dQw4w9WgXcQ',
    'https://www.youtube.com/watch?v=short',
    'https://www.youtube.com/watch?v=dQw4w9WgXcQ"><script>',
    'https://www.youtube.com/channel/UC1234567890',
    'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ',
    'https://x.com/NewsDesk',
    'https://x.com/NewsDesk/status/12ab',
    'https://x.com/NewsDesk/status/1790000000000000001/photo/1',
    'https://bsky.app/profile/desk.example.org',
    'https://bsky.app/profile/<script>/post/3kq2abcd5xyz2',
    'https://bsky.social/profile/desk.example.org/post/3kq2abcd5xyz2',
    'https://example.com/video.mp4',
    'not a url',
    '',
  ])('refuses %j', (raw) => {
    expect(parseEmbedUrl(raw)).toBeNull();
  });
});
