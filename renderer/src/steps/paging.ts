import { isLarge } from './use-scale';

/**
 * Tiles per page. Six (3 × 2) fit at any text size when there is no pager; in large-text mode a
 * list that needs a pager shows four, because the pager row and two rows of six wrapped labels do
 * not fit above the footer together.
 */
export function choicesPerPage(scale: number, total: number): number {
  if (total <= 6) return 6;
  return isLarge(scale) ? 4 : 6;
}

/** One row for up to three tiles, 2 × 2 for four, three columns beyond. */
export function choiceColumns(count: number): number {
  if (count <= 3) return Math.max(count, 1);
  return count === 4 ? 2 : 3;
}

/** Rows of a review or group list per page: each row is a question, an answer and a button. */
export function rowsPerPage(scale: number): number {
  return isLarge(scale) ? 3 : 4;
}

export function pageCount(items: number, perPage: number): number {
  return Math.max(1, Math.ceil(items / perPage));
}

/** The page holding item `index`, or the first page. */
export function pageOf(index: number, perPage: number): number {
  return index < 0 ? 0 : Math.floor(index / perPage);
}
