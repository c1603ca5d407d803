/** Kinds of agency in the tree; codes are text (zero-padded administrative codes are never numbers). */
export const AGENCY_KINDS = ['ministry', 'province', 'department', 'district', 'commune', 'other'] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

/** Reorganisation edges between agencies; history is never rewritten, only linked. */
export const LINEAGE_KINDS = ['merge', 'split', 'rename', 'dissolve'] as const;
export type LineageKind = (typeof LINEAGE_KINDS)[number];

/** Is an agency valid on a calendar date ('YYYY-MM-DD'; null bounds are open)? */
export function isAgencyValidOn(agency: { validFrom: string | null; validTo: string | null }, date: string): boolean {
  if (agency.validFrom !== null && date < agency.validFrom) return false;
  if (agency.validTo !== null && date > agency.validTo) return false;
  return true;
}
