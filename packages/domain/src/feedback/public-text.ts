/**
 * Text of a feedback item made fit for publication (issue 19, Nghị định 13/2023): the submitter's
 * name and contact, and anything shaped like a phone number, an e-mail address or an identity
 * number, are replaced by a marker. What the agency published stays otherwise as written.
 */

export const REMOVED = '[đã ẩn]';

const EMAIL = /[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]+/g;
/** Runs of 8 or more digits, possibly split by spaces, dots or dashes, with an optional +84. */
const DIGITS = /(?:\+\s?\d{1,3}[\s.-]?)?(?:\d[\s.-]?){7,}\d/g;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The text with personal data removed; `known` are the item's own personal values (name, contact). */
export function removePersonalData(text: string | null, known: readonly (string | null)[]): string | null {
  if (text === null) return null;
  let out = text.normalize('NFC');
  const values = known
    .filter((v): v is string => typeof v === 'string' && v.trim().length >= 2)
    .map((v) => v.normalize('NFC').trim())
    .sort((a, b) => b.length - a.length);
  for (const value of values) out = out.replace(new RegExp(escapeRegExp(value), 'giu'), REMOVED);
  return out.replace(EMAIL, REMOVED).replace(DIGITS, REMOVED);
}
