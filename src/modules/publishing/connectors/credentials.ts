/**
 * Sign-in details for a connector, from what the Official accounts credential store keeps (ACC-4):
 * username, password and notes. The same for every platform: the username is who signs in (a
 * Bluesky handle or a Mastodon address), the password is the app password or access token, and a
 * line "Server: https://…" in the notes names a server that cannot be worked out otherwise (a
 * self-hosted Bluesky server).
 */
import type { ConnectorCredentials } from './types.ts';

export interface StoredCredentials {
  username: string;
  password: string;
  notes: string;
}

export function connectorCredentials(stored: StoredCredentials): ConnectorCredentials {
  return { identifier: stored.username.trim(), secret: stored.password, service: serverFromNotes(stored.notes) };
}

export function serverFromNotes(notes: string): string | null {
  const m = /^\s*server\s*:\s*(https:\/\/\S+)\s*$/im.exec(notes);
  if (!m) return null;
  try {
    const url = new URL(m[1]!);
    return url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}
