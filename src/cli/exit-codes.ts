/** Exit codes of the `sso` command: Zato's numbers (cli.md). */
export const EXIT = {
  OK: 0,
  USAGE: 2,
  EXCEPTION_CAUGHT: 16,
  USER_EXISTS: 20,
  VALIDATION_ERROR: 21,
  NO_SUCH_SSO_USER: 22,
  PARAMETER_MISSING: 29,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
