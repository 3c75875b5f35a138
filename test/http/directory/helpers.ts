import { sql } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from '../../support/app.ts';
import { Agent } from '../../support/agent.ts';
import { PASSWORD, type World } from '../../support/world.ts';

/** Tables that change on every request whatever it does (sessions), or are not tenant data. */
const VOLATILE_TABLES = new Set(['web_session', 'kysely_migration', 'kysely_migration_lock']);
/** Columns that change when a token is merely used (an outsider's own token), not tenant data. */
const VOLATILE_COLUMNS = new Set(['last_used_at']);

/**
 * Every row of every table (except sessions), as one comparable string per table: used to prove a
 * refused request changed nothing at all, whichever table a future route writes to.
 */
export async function snapshot(t: TestApp): Promise<Record<string, string>> {
  const tables = await sql<{
    table_name: string;
  }>`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(
    t.database.db,
  );
  const out: Record<string, string> = {};
  for (const { table_name: name } of tables.rows) {
    if (VOLATILE_TABLES.has(name)) continue;
    const rows = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(name)}`.execute(t.database.db);
    out[name] = rows.rows
      .map((row) => JSON.stringify(Object.fromEntries(Object.entries(row).filter(([k]) => !VOLATILE_COLUMNS.has(k)))))
      .sort()
      .join('\n');
  }
  return out;
}

/** The tables whose contents differ between two snapshots, with a short diff for the failure message. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  const changed: string[] = [];
  for (const name of names) {
    if (before[name] === after[name]) continue;
    const b = new Set((before[name] ?? '').split('\n'));
    const a = new Set((after[name] ?? '').split('\n'));
    const short = (r: string) => (r.length > 300 ? `${r.slice(0, 300)}…` : r);
    const added = [...a]
      .filter((r) => !b.has(r))
      .slice(0, 2)
      .map(short);
    const removed = [...b]
      .filter((r) => !a.has(r))
      .slice(0, 2)
      .map(short);
    changed.push(`${name}: +${JSON.stringify(added)} -${JSON.stringify(removed)}`);
  }
  return changed;
}

/** A signed-in agent that already holds a CSRF token for its session. */
export async function signedIn(t: TestApp, world: World, key: string, tokenPage = '/account'): Promise<Agent> {
  const agent = new Agent(t.app);
  const response = await agent.signIn(world.people[key]!.email, PASSWORD);
  if (response.statusCode !== 302) throw new Error(`${key} could not sign in: ${response.statusCode}`);
  await agent.get(tokenPage);
  if (!agent.csrfToken) throw new Error(`${tokenPage} gave ${key} no CSRF token`);
  return agent;
}

/** The agent's cookie header, for requests the Agent has no method for (HEAD). */
export function cookieOf(agent: Agent): string | undefined {
  return (agent as unknown as { cookieHeader(): string | undefined }).cookieHeader();
}

/** Any method, as this agent, with its cookies. */
export async function request(
  t: TestApp,
  agent: Agent,
  method: 'GET' | 'HEAD',
  url: string,
): Promise<LightMyRequestResponse> {
  const cookie = cookieOf(agent);
  return t.app.inject({ method, url, headers: cookie ? { cookie } : {} });
}

/** Creates an API token through the settings page and returns the secret shown once. */
export async function createTokenThroughUi(agent: Agent, name: string): Promise<string> {
  const response = await agent.post('/settings/api-tokens', { name }, { tokenFrom: '/settings/api-tokens' });
  const token = /<code id="new-token">([^<]+)<\/code>/.exec(response.body)?.[1];
  if (response.statusCode !== 200 || !token) throw new Error(`token not created: ${response.statusCode}`);
  return token;
}

/** Text of the page with tags removed and entities decoded, so assertions read like what a person sees. */
export function pageText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/\s+/g, ' ');
}
