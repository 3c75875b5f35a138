// The few parts of autocannon (a dev dependency without its own types) that bench/load.ts uses.
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';
  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    headers?: Record<string, string>;
  }
  interface Result {
    requests: { average: number };
    errors: number;
    timeouts: number;
    non2xx: number;
  }
  type Tracker = EventEmitter & PromiseLike<Result>;
  export default function autocannon(options: Options): Tracker;
}
