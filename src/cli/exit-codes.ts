/** Exit codes of the `sso` command: Zato's numbers (docs/cli.md). */
export const EXIT = {
  OK: 0,
  USAGE: 2,
  EXCEPTION_CAUGHT: 16,
  USER_EXISTS: 20,
  VALIDATION_ERROR: 21,
  NO_SUCH_SSO_USER: 22,
  PARAMETER_MISSING: 29,
  INTERRUPTED: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** What each exit code means, for the reference. */
export const EXIT_MEANINGS: Readonly<Record<ExitCode, string>> = {
  0: "Done.",
  2: "The command line is wrong: an unknown command or option, a missing or extra argument, a value of the wrong type or not one the option takes.",
  16: "An unexpected failure; `--verbose` prints its stack.",
  20: "The user (or credential) exists already.",
  21: "A value was refused: the password policy, or another rule (the code is printed).",
  22: "No such user (or credential).",
  29: "A password is needed, none was given, and standard input is not a terminal to ask on.",
  130: "Interrupted (Ctrl-C at a prompt).",
};
