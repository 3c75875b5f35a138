/**
 * Which connectors a platform has (PUB-6). Every platform has the manual hand-off; Bluesky and
 * Mastodon also publish directly. Keyed by the `value` of PLATFORMS in accounts/model.ts.
 */
import { isPlatform, type PlatformValue } from '../../accounts/model.ts';
import { blueskyConnector, type BlueskyOptions } from './bluesky.ts';
import { manualConnector } from './manual.ts';
import { mastodonConnector, type MastodonOptions } from './mastodon.ts';
import type { Connector } from './types.ts';

export interface RegistryOptions {
  bluesky?: BlueskyOptions;
  mastodon?: MastodonOptions;
}

export interface PlatformConnectors {
  /** Publishes directly, when Postwarden can for this platform. */
  direct: Connector | null;
  /** Always there. */
  manual: Connector;
}

const DIRECT: Partial<Record<PlatformValue, (options: RegistryOptions) => Connector>> = {
  bluesky: (options) => blueskyConnector(options.bluesky),
  mastodon: (options) => mastodonConnector(options.mastodon),
};

export function createRegistry(options: RegistryOptions = {}): (platform: string) => PlatformConnectors {
  const cache = new Map<string, PlatformConnectors>();
  return (platform) => {
    const known = isPlatform(platform) ? platform : 'other';
    let entry = cache.get(known);
    if (!entry) {
      const direct = DIRECT[known]?.(options) ?? null;
      entry = { direct, manual: manualConnector(known, direct ?? undefined) };
      cache.set(known, entry);
    }
    return entry;
  };
}

/** Platforms Postwarden publishes to directly. */
export const DIRECT_PLATFORMS = Object.keys(DIRECT) as PlatformValue[];

export const connectorsFor = createRegistry();
