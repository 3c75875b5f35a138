/**
 * Reading a source's address safely (MON-5, issue 10's bad input): an address a school typed must not
 * make Postwarden read its own network. Every hop is resolved first and refused if ANY address it
 * resolves to is not public; the connection then goes to the address that was checked (the lookup
 * is pinned), so a name cannot resolve differently between the check and the connection. Redirects
 * are followed by hand, each checked, at most MAX_REDIRECTS; a declared size over the limit is
 * refused before the body is read, and an undeclared one is cut off at the limit; the whole read has
 * one deadline. Tests allow loopback through config (MENTIONS_ALLOW_PRIVATE_ADDRESSES), never by
 * default. Errors are FetchRefused with a sentence for the source's page.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { LookupFunction } from 'node:net';
import { isPublicAddress } from './addresses.ts';

export const MAX_REDIRECTS = 5;

export interface FetchLimits {
  maxBytes: number;
  timeoutMs: number;
  maxRedirects: number;
  /** Test-only: let loopback and private addresses through. */
  allowPrivate: boolean;
}

export const DEFAULT_LIMITS: FetchLimits = {
  maxBytes: 5 * 1024 * 1024,
  timeoutMs: 15_000,
  maxRedirects: MAX_REDIRECTS,
  allowPrivate: false,
};

export class FetchRefused extends Error {}

export interface Fetched {
  url: string;
  status: number;
  contentType: string;
  body: Buffer;
}

const mb = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

function checkedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { all: true, family: options.family ?? 0 }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as dns.LookupAddress[];
      const bad = list.find((a) => !allowPrivate && !isPublicAddress(a.address));
      if (bad)
        return callback(
          new FetchRefused(`${hostname} is a private or local address, which Postwarden does not read`),
          '',
          0,
        );
      if (options.all) return callback(null, list);
      return callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

function readOnce(
  url: URL,
  limits: FetchLimits,
  signal: AbortSignal,
): Promise<{ status: number; location?: string; contentType: string; body?: Buffer }> {
  return new Promise((resolve, reject) => {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (net.isIP(host) && !limits.allowPrivate && !isPublicAddress(host)) {
      reject(new FetchRefused(`${host} is a private or local address, which Postwarden does not read`));
      return;
    }
    const client = url.protocol === 'https:' ? https : http;
    const request = client.get(
      url,
      {
        lookup: checkedLookup(limits.allowPrivate),
        signal,
        headers: {
          'user-agent': 'Postwarden (school social media monitoring)',
          accept: 'application/rss+xml, application/atom+xml, application/xml, text/xml;q=0.9, */*;q=0.5',
        },
      },
      (response) => {
        const status = response.statusCode ?? 0;
        const contentType = String(response.headers['content-type'] ?? '');
        if (status >= 300 && status < 400 && response.headers.location) {
          response.resume();
          resolve({ status, location: response.headers.location, contentType });
          return;
        }
        const declared = Number(response.headers['content-length']);
        if (Number.isFinite(declared) && declared > limits.maxBytes) {
          response.destroy();
          reject(
            new FetchRefused(`The feed is ${mb(declared)}, more than the ${mb(limits.maxBytes)} Postwarden reads`),
          );
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > limits.maxBytes) {
            response.destroy();
            reject(new FetchRefused(`The feed is more than the ${mb(limits.maxBytes)} Postwarden reads`));
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () => resolve({ status, contentType, body: Buffer.concat(chunks) }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
  });
}

/** Reads an http(s) address within the limits, following redirects; throws FetchRefused with a plain reason. */
export async function safeFetch(address: string, limits: FetchLimits = DEFAULT_LIMITS): Promise<Fetched> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), limits.timeoutMs);
  try {
    let url = new URL(address);
    for (let hop = 0; ; hop++) {
      if (url.protocol !== 'https:' && url.protocol !== 'http:')
        throw new FetchRefused('The address must start with https:// or http://');
      let answer: Awaited<ReturnType<typeof readOnce>>;
      try {
        answer = await readOnce(url, limits, controller.signal);
      } catch (error) {
        if (error instanceof FetchRefused) throw error;
        if (controller.signal.aborted)
          throw new FetchRefused(`The site did not answer within ${Math.round(limits.timeoutMs / 1000)} seconds`);
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') throw new FetchRefused(`There is no site at ${url.hostname}`);
        throw new FetchRefused(`The site could not be reached (${code ?? (error as Error).message})`);
      }
      if (answer.location !== undefined) {
        if (hop >= limits.maxRedirects)
          throw new FetchRefused(
            `The address redirected more than ${limits.maxRedirects} times, so Postwarden stopped following it`,
          );
        url = new URL(answer.location, url);
        continue;
      }
      if (answer.status < 200 || answer.status >= 300)
        throw new FetchRefused(`The site answered ${answer.status} instead of the feed`);
      return {
        url: url.toString(),
        status: answer.status,
        contentType: answer.contentType,
        body: answer.body ?? Buffer.alloc(0),
      };
    }
  } finally {
    clearTimeout(timer);
  }
}
