/**
 * The one percentage rule of every figure in the app: numerator ÷ denominator × 100, one decimal, and
 * null ("N/A", never 0%) when there is nothing in the denominator.
 */
export function ratePercent(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : Math.round((numerator / denominator) * 1000) / 10;
}
