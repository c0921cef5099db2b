import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readDeliveryReport } from './delivery-report.js';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/mail/${name}`, import.meta.url));

describe('readDeliveryReport', () => {
  it('reads a hard bounce with its diagnostic and the original Message-ID', () => {
    expect(readDeliveryReport(fixture('bounce-dsn.eml'))).toEqual([
      {
        type: 'bounce',
        email: 'gone.reader@example.org',
        messageId: '<issue3.d17.abcdef@parallax.example>',
        reason: '550 5.1.1 <gone.reader@example.org>: Recipient address rejected: User unknown',
      },
    ]);
  });

  it('reads an abuse report as a complaint about the original recipient', () => {
    expect(readDeliveryReport(fixture('complaint-arf.eml'))).toEqual([
      {
        type: 'complaint',
        email: 'annoyed.reader@example.com',
        messageId: '<issue3.d18.123456@parallax.example>',
        reason: 'feedback report: abuse',
      },
    ]);
  });

  it('ignores delays, replies that merely look like reports, and junk', () => {
    expect(readDeliveryReport(fixture('delayed-dsn.eml'))).toEqual([]);
    expect(readDeliveryReport(fixture('reply.eml'))).toEqual([]);
    expect(readDeliveryReport('')).toEqual([]);
    expect(
      readDeliveryReport(
        'Content-Type: multipart/report; boundary="x"\n\n--x\nContent-Type: message/delivery-status\n\nA: b\n\nFinal-Recipient: rfc822; <not an address>\nAction: failed\nStatus: 5.0.0\n--x--',
      ),
    ).toEqual([]);
  });

  it('reads a base64-encoded status part', () => {
    const status = Buffer.from(
      'Reporting-MTA: dns; mx\n\nFinal-Recipient: rfc822; b64@example.org\nAction: failed\nStatus: 5.2.1\n',
    ).toString('base64');
    const raw = `Content-Type: multipart/report; report-type=delivery-status; boundary=zz\n\n--zz\nContent-Type: message/delivery-status\nContent-Transfer-Encoding: base64\n\n${status}\n--zz--\n`;
    expect(readDeliveryReport(raw)).toEqual([{ type: 'bounce', email: 'b64@example.org', messageId: null, reason: 'status 5.2.1' }]);
  });
});
