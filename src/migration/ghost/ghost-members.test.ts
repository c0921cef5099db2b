import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrationFile, migrationFilesDir } from '../../../test/helpers/migration-files.js';
import { SourceFormatError } from '../source-model.js';
import { readGhostMembers } from './ghost-members.js';

async function tempFile(name: string, content: string): Promise<string> {
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'ghost-members-')), name);
  await writeFile(file, content);
  return file;
}

describe('readGhostMembers', () => {
  it.skipIf(!migrationFilesDir)('reads the members CSV: consent, comma-joined labels, empty and non-ASCII names', async () => {
    const { subscribers, skipped, notImported } = await readGhostMembers(migrationFile('ghost/northfield-dispatch.members.csv'));
    expect(subscribers.map((member) => [member.email, member.subscribed])).toEqual([
      ['reader.one@example.com', true],
      ['reader.two@example.com', true],
      ['reader.three@example.com', true],
      ['reader.four@example.com', false],
      ['reader.five@example.com', true],
    ]);
    expect(subscribers[3]).toEqual({
      email: 'reader.four@example.com',
      name: 'Élodie Brun',
      subscribed: false,
      createdAt: '2026-12-02T14:56:03.000Z',
      labels: ['Donor 2025', 'Founding reader'],
    });
    expect(subscribers[2]?.name).toBe('');
    expect(skipped).toEqual([]);
    expect(notImported).toEqual([{ what: 'member notes', count: 1 }]);
  });

  it('skips deleted members and rows without an email, and counts paid plans', async () => {
    const file = await tempFile(
      'members.csv',
      'id,email,name,note,subscribed_to_emails,complimentary_plan,stripe_customer_id,created_at,deleted_at,labels,tiers\n' +
        'a,,No Mail,,true,,,,,,\n' +
        'b,gone@example.com,Gone,,true,,,,2026-01-01T00:00:00.000Z,,\n' +
        'c,paid@example.com,Paid,,TRUE,true,cus_1,,,,Gold\n',
    );
    const { subscribers, skipped, notImported } = await readGhostMembers(file);
    expect(subscribers.map((member) => [member.email, member.subscribed])).toEqual([['paid@example.com', true]]);
    expect(skipped.map((event) => event.reason)).toEqual(['member without an email address', 'member deleted in Ghost']);
    expect(notImported).toEqual([{ what: 'paid or complimentary member plans', count: 1 }]);
  });

  it('refuses a file that is not a members CSV, naming it', async () => {
    const wrong = readGhostMembers(await tempFile('people.csv', 'name,phone\nA,1\n'));
    await expect(wrong).rejects.toBeInstanceOf(SourceFormatError);
    await expect(wrong).rejects.toThrow(/people\.csv .*no "email" column/);
    await expect(readGhostMembers(await tempFile('torn.csv', 'id,email\n1,"open\n'))).rejects.toThrow(
      /torn\.csv is not a readable members CSV/,
    );
  });
});
