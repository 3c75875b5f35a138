import type { TrustProxy } from '../../config.ts';

/**
 * Fastify's `trustProxy` from TRUST_PROXY. Addresses go to Fastify as they are (proxy-addr checks
 * each hop against them). A hop count is turned into a trust function, as Fastify now ignores a
 * bare number (it cannot tell the proxy from a client that connects directly): believe the
 * connecting address and the n−1 entries the proxies added before it, never the client's own.
 * That is safe only when Postwarden cannot be reached except through the proxies (docs/operations.md).
 */
export function fastifyTrustProxy(
  setting: TrustProxy,
): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof setting === 'number') {
    const hops = setting;
    return (_address: string, hop: number) => hop < hops;
  }
  return setting;
}
