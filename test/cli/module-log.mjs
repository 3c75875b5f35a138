// A module hook for the CLI tests: writes the URL of every module the command loads (through
// import) to the file named by POSTWARDEN_MODULE_LOG.
import { appendFileSync } from 'node:fs';

export async function load(url, context, nextLoad) {
  if (process.env.POSTWARDEN_MODULE_LOG) appendFileSync(process.env.POSTWARDEN_MODULE_LOG, `${url}\n`);
  return nextLoad(url, context);
}
