import { expect, test } from 'vitest';
import { choiceColumns, choicesPerPage, pageCount, pageOf, rowsPerPage } from './paging';

test('six tiles a page, four in large text when a pager is needed', () => {
  expect(choicesPerPage(1, 8)).toBe(6);
  expect(choicesPerPage(1.5, 8)).toBe(4);
  expect(choicesPerPage(1.5, 6)).toBe(6);
});

test('columns: one row up to three tiles, 2 × 2 for four, then three', () => {
  expect([1, 2, 3, 4, 5, 6].map(choiceColumns)).toEqual([1, 2, 3, 2, 3, 3]);
});

test('list rows: four, three in large text', () => {
  expect(rowsPerPage(1)).toBe(4);
  expect(rowsPerPage(1.5)).toBe(3);
});

test('pages', () => {
  expect(pageCount(0, 4)).toBe(1);
  expect(pageCount(9, 4)).toBe(3);
  expect(pageOf(-1, 4)).toBe(0);
  expect(pageOf(8, 4)).toBe(2);
});
