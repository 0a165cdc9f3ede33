import { describe, expect, it } from 'vitest';
import { csvCell, csvRow, csvRows, type CsvValue } from '@/lib/csv';

describe('csv cells', () => {
  const cases: [CsvValue, string][] = [
    ['plain', 'plain'],
    ['', ''],
    [null, ''],
    [undefined, ''],
    [42, '42'],
    [-5, '-5'], // a number is never a formula
    [true, 'true'],
    [new Date('2026-12-01T18:30:00.000Z'), '2026-12-01T18:30:00.000Z'],
    ['Smith, Jane', '"Smith, Jane"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rhere', '"cr\rhere"'],
    [' padded ', '" padded "'],
    // Formula starts are neutralised with a single quote, then quoted if still needed.
    ['=1+1', "'=1+1"],
    ['+15551234', "'+15551234"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=cmd', "'\t=cmd"],
    ['\r=cmd', "\"'\r=cmd\""],
    ['=HYPERLINK("http://x","y")', '"\'=HYPERLINK(""http://x"",""y"")"'],
    ['a=b', 'a=b'], // only the first character matters
    ['O\'Brien', "O'Brien"],
  ];
  it.each(cases)('%j → %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });
});

describe('csv rows', () => {
  it('joins cells with commas and ends each record with CRLF', () => {
    expect(csvRow(['a', 'b,c', null, 3])).toBe('a,"b,c",,3\r\n');
    expect(csvRows([['h1', 'h2'], ['=x', 'y']])).toBe("h1,h2\r\n'=x,y\r\n");
    expect(csvRows([])).toBe('');
  });
});
