/**
 * Folds Vietnamese text for accent-insensitive search: "Thành phố Đà Nẵng" → "thanh pho da nang".
 * Stored beside names (search_text columns) and applied to queries, so the database needs no
 * unaccent extension and both sides fold identically.
 */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Escapes LIKE wildcards so a user's "%" or "_" matches literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
