import { describe, expect, it } from 'vitest';
import { csvRows, parseCsv } from './parse-csv';

describe('parseCsv', () => {
  it('keeps commas, doubled quotes and line breaks inside quoted fields', () => {
    const text = 'code,name\r\n12.07.28.1007,"Lubuk Pakam I,II"\r\n35.13.15.2017,"Soka""an"\n1,"two\nlines"\n';
    expect(parseCsv(text)).toEqual([
      ['code', 'name'],
      ['12.07.28.1007', 'Lubuk Pakam I,II'],
      ['35.13.15.2017', 'Soka"an'],
      ['1', 'two\nlines'],
    ]);
  });

  it('skips a byte-order mark and reads a last line without a line break', () => {
    expect(parseCsv('\ufeffa,b\n1,')).toEqual([
      ['a', 'b'],
      ['1', ''],
    ]);
  });

  it('refuses a file that ends inside quotes', () => {
    expect(() => parseCsv('a\n"open')).toThrow(/quoted field/u);
  });
});

describe('csvRows', () => {
  it('maps columns by header name and names the file and line of a bad record', () => {
    expect(csvRows('name,code\nAceh,11\n', 'p.csv', ['code', 'name'])).toEqual([{ code: '11', name: 'Aceh' }]);
    expect(() => csvRows('code\n11\n', 'p.csv', ['code', 'name'])).toThrow('p.csv: no "name" column');
    expect(() => csvRows('code,name\n11,Aceh,x\n', 'p.csv', ['code', 'name'])).toThrow('p.csv:2: 3 fields, expected 2');
  });
});
