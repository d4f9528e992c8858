/** A name no other call of this test file has returned: `prefix` followed by a number. */
let serial = 0;
export const unique = (prefix: string): string => `${prefix}${++serial}`;
