import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { RequestContext } from './types.ts';

/** One thing waiting for the signed-in person, shown on the home page. */
export interface HomeTask {
  text: string;
  href: string;
  /** A short status such as "3 open" or "Due 4 December 2026". */
  hint?: string;
  important?: boolean;
  /**
   * 'todo' (the default): something waiting for this person to do. 'oversight': something their role
   * keeps track of (signing coverage, reviews coming up), listed apart under "What you keep track of".
   */
  group?: 'todo' | 'oversight';
}

export type HomeTaskProvider = (db: Kysely<Database>, ctx: RequestContext, now: Date) => Promise<HomeTask[]>;

const providers: HomeTaskProvider[] = [];

/** Modules add what they want on the home page's task list when they register. */
export function addHomeTasks(provider: HomeTaskProvider): void {
  if (!providers.includes(provider)) providers.push(provider);
}

export async function homeTasksFor(db: Kysely<Database>, ctx: RequestContext, now: Date): Promise<HomeTask[]> {
  return (await Promise.all(providers.map((p) => p(db, ctx, now)))).flat();
}
