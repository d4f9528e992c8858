/** Zato's boolean words (docs/rest.md, "Parameters"), for REST fields and CLI options alike. */
const WORDS = new Map<string, boolean>([
  ..."true yes on y t 1".split(" ").map((w) => [w, true] as const),
  ..."false no off n f 0".split(" ").map((w) => [w, false] as const),
]);

/** The boolean a word stands for (trimmed, any case); undefined when it is none of Zato's words. */
export const booleanWord = (text: string): boolean | undefined => WORDS.get(text.trim().toLowerCase());
