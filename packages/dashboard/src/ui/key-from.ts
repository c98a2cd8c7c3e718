/** A key made from a name as it is typed: lower case, runs of other characters as "-". */
export const keyFrom = (name: string): string =>
  name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '');
