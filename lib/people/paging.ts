/** Long lists (gradebook students, a student's runs) come in pages of 50: `?page=` from 1. */
export const PAGE_SIZE = 50;

export interface PageInfo {
  page: number;
  pages: number;
  total: number;
  size: number;
}

/** `?page=` as a page number: a positive integer, else 1. */
export function parsePage(raw: string | string[] | null | undefined): number {
  const n = Number(Array.isArray(raw) ? raw[0] : raw);
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

/** The page (clamped to the last one) and the rows to skip and take for it. */
export function pageOf(total: number, page: number, size = PAGE_SIZE): PageInfo & { skip: number; take: number } {
  const pages = Math.max(1, Math.ceil(total / size));
  const current = Math.min(Math.max(1, page), pages);
  return { page: current, pages, total, size, skip: (current - 1) * size, take: size };
}
