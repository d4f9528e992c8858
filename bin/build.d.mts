/** Compiles src/ into dist/ when dist/ is missing or older than any source file. */
export function buildIfStale(): void;
