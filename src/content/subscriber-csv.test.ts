import { describe, expect, it } from 'vitest';
import { csvCell, csvLine, parseConsentDate, parseSubscriberCsv } from './subscriber-csv.js';

const options = { knownLists: new Set(['weekly', 'daily']), timeZone: 'Europe/Berlin', now: new Date('2026-11-27T12:00:00Z') };

describe('parseSubscriberCsv', () => {
  it('reads rows with optional columns, in any order and case', () => {
    const result = parseSubscriberCsv(
      '\uFEFFConsent,Email,lists,consented_at,source\nyes,Ada@Example.ORG,weekly; daily,2026-03-01,Fair stand\n1,bo@example.net,,,\n',
      options,
    );
    expect(result).toEqual({
      ok: true,
      rows: [
        { line: 2, email: 'ada@example.org', consentAt: '2026-02-28T23:00:00.000Z', lists: ['weekly', 'daily'], source: 'Fair stand' },
        { line: 3, email: 'bo@example.net', consentAt: null, lists: [], source: null },
      ],
    });
  });

  it('reports every bad line with its number and reason, and returns no rows', () => {
    const text = [
      'email,consent,consented_at,lists',
      'good@example.org,yes,,',
      'not-an-address,yes,,',
      'c@example.org,no,,',
      'd@example.org,true,2026-02-31,',
      'e@example.org,1,,monthly',
      '',
      'f@example.org,yes,,weekly,extra',
      'g@example.org,yes,2027-01-01,',
    ].join('\n');
    const result = parseSubscriberCsv(text, options);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 8, 9]);
    expect(result.errors[0]!.message).toContain('needs an @');
    expect(result.errors[1]!.message).toContain('consent must be yes, true or 1');
    expect(result.errors[2]!.message).toContain('2026-02-31');
    expect(result.errors[3]!.message).toContain('unknown list "monthly"');
    expect(result.errors[4]!.message).toContain('different number of columns');
    expect(result.errors[5]!.message).toContain('in the future');
  });

  it('reports an unclosed quote on the line where it opens, and counts lines inside quoted cells', () => {
    const text = 'email,consent,source\na@example.org,yes,"two\nlines"\nb@example.org,yes,"never closed\nc@example.org,yes,\n';
    const result = parseSubscriberCsv(text, options);
    expect(result).toEqual({ ok: false, errors: [{ line: 4, message: 'a quote opened on this line is never closed' }] });
  });

  it('reports a quote inside an unquoted cell', () => {
    const result = parseSubscriberCsv('email,consent\na@example.org,ye"s\nb@example.org,yes\n', options);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toEqual([{ line: 2, message: expect.stringContaining('quote inside a cell') }]);
  });

  it('needs the email and consent columns and refuses unknown ones', () => {
    const result = parseSubscriberCsv('address,name\nx@example.org,X\n', options);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.line)).toEqual([1, 1]);
    expect(result.errors[0]!.message).toContain('unknown columns "address", "name"');
    expect(result.errors[1]!.message).toContain('email and consent');
  });

  it('says so when the columns are separated by semicolons', () => {
    expect(parseSubscriberCsv('email;consent\na@example.org;yes\n', options)).toEqual({
      ok: false,
      errors: [{ line: 1, message: expect.stringContaining('separated by semicolons') }],
    });
  });

  it('refuses a file without subscribers', () => {
    expect(parseSubscriberCsv('email,consent\n', options)).toEqual({
      ok: false,
      errors: [{ line: 2, message: expect.stringContaining('no subscribers') }],
    });
    expect(parseSubscriberCsv('', options).ok).toBe(false);
  });
});

describe('parseConsentDate', () => {
  it('reads dates and times in the publication zone unless an offset is given', () => {
    expect(parseConsentDate('2026-07-01T09:30', 'Europe/Berlin', options.now)).toEqual({ ok: true, at: '2026-07-01T07:30:00.000Z' });
    expect(parseConsentDate('2026-07-01T09:30:00+00:00', 'Europe/Berlin', options.now)).toEqual({
      ok: true,
      at: '2026-07-01T09:30:00.000Z',
    });
    expect(parseConsentDate('1 July 2026', 'UTC', options.now).ok).toBe(false);
  });
});

describe('csvCell', () => {
  it('neutralises cells a spreadsheet would run as formulas', () => {
    expect(csvCell('=HYPERLINK("http://evil.example")')).toBe(`"'=HYPERLINK(""http://evil.example"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(csvCell('\rcmd')).toBe(`"'\rcmd"`);
  });

  it('quotes commas, quotes and line breaks and leaves plain text alone', () => {
    expect(csvCell('import: list.csv')).toBe('import: list.csv');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell(null)).toBe('');
    expect(csvLine(['a@example.org', 'x"y', '2026-01-01T00:00:00.000Z'])).toBe('a@example.org,"x""y",2026-01-01T00:00:00.000Z\r\n');
  });
});
