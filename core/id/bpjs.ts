/** BPJS Kesehatan card number: 13 digits (DOMAIN.md §3). */
import { failed, issue, passed, type IdCheck, type IdIssue } from './id-issue';

const LENGTH = 13;

/** Blanks are dropped because the card prints the number in groups; any other mark is refused. */
export function checkBpjs(input: string): IdCheck<string> {
  const number = input.replace(/\s+/gu, '');
  const issues: IdIssue[] = [];
  if (!/^[0-9]*$/u.test(number)) issues.push(issue('bpjs.digits'));
  if (number.length !== LENGTH) issues.push(issue('bpjs.length', { length: number.length, expected: LENGTH }));
  return issues.length > 0 ? failed(issues) : passed(number);
}
