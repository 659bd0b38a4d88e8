/** What the command line takes from its environment, read once by the entry point. */
export interface CliEnvironment {
  /** `HOOKLINE_URL`: the management API's base URL. */
  url?: string | undefined;
  /** `HOOKLINE_ADMIN_TOKEN`: the bearer token. */
  adminToken?: string | undefined;
  /** `HOOKLINE_DATA_DIR`: where a locally started hookline keeps `admin-token`. */
  dataDir?: string | undefined;
}

const blankAsUnset = (value: string | undefined) =>
  value === undefined || value.trim() === '' ? undefined : value.trim();

export function readEnvironment(env: NodeJS.ProcessEnv): CliEnvironment {
  return {
    url: blankAsUnset(env.HOOKLINE_URL),
    adminToken: blankAsUnset(env.HOOKLINE_ADMIN_TOKEN),
    dataDir: blankAsUnset(env.HOOKLINE_DATA_DIR),
  };
}
