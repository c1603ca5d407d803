/** Narrowing a string from outside (a file, a query string) to one of a domain's literal values, without a cast. */
export function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}
