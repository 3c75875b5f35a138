/**
 * An Aho–Corasick automaton with a full transition table only for its shallow states (MON-5).
 *
 * A full table for every state (dense-automaton.ts) costs states × alphabet entries: over 100,000
 * school and staff names that is ~890,000 × 37 ints (~132 MB), and filling it took ~0.7 s. Text
 * spends nearly all its time near the root, so here the states are numbered in breadth-first order
 * and only the first `denseStates` of them (every state up to some depth, and part of the next) get
 * a table row with failures already followed; a deeper state keeps its children (contiguous in
 * breadth-first order, so one start index each) and a failure link, and a step from it tries its
 * children, then follows failures until it reaches a child or a state with a row. Every failure
 * leads to a shallower state, so the walk ends, and the amortised cost stays constant per symbol.
 */
export interface ShallowDenseAutomaton {
  alphabet: number;
  states: number;
  /** States 0..denseStates-1 have a row in `table`. */
  denseStates: number;
  /** table[state * alphabet + symbol]: the next state, failures followed (dense states only). */
  table: Int32Array;
  /** The children of state u are the states childStart[u]..childStart[u+1]-1 (length states + 1). */
  childStart: Int32Array;
  /** The symbol on the edge into each state. */
  symbol: Uint8Array;
  fail: Int32Array;
  /** The next state along the failure chain that ends a pattern, or 0. */
  dict: Int32Array;
  /** 1 where a pattern ends. */
  terminal: Uint8Array;
  /** The state a pattern ends at, by the number add() returned for it. */
  stateOf: Int32Array;
}

/** The next state from `state` on `symbol`. The matcher inlines the same steps. */
export function step(a: ShallowDenseAutomaton, state: number, symbol: number): number {
  let u = state;
  while (u >= a.denseStates) {
    for (let k = a.childStart[u]!, end = a.childStart[u + 1]!; k < end; k++) if (a.symbol[k] === symbol) return k;
    u = a.fail[u]!;
  }
  return a.table[u * a.alphabet + symbol]!;
}

export class ShallowDenseAutomatonBuilder {
  /**
   * The trie as it is built, one record of four ints per node (insertion numbering) so that walking
   * it touches one cache line per node: first child, next sibling, symbol | terminal << 8, and the
   * breadth-first number given at build.
   */
  private nodes: Int32Array;
  private count = 1;
  private ends: number[] = [];

  constructor(
    readonly alphabet: number,
    expectedStates = 1024,
    /** How many states (breadth-first) get a full row: 2^17 × 37 ints is about 19 MB. */
    readonly denseLimit = 1 << 17,
  ) {
    if (alphabet > 255) throw new Error('The alphabet must have at most 255 symbols');
    this.nodes = new Int32Array(Math.max(2, expectedStates) * 4);
  }

  /** Adds a pattern (symbols 0..alphabet-1, at least one); returns its number (0, 1, 2… in order added). */
  add(symbols: ArrayLike<number>): number {
    if (symbols.length === 0) throw new Error('An empty pattern cannot be matched');
    const a = this.alphabet;
    let node = 0;
    for (let i = 0; i < symbols.length; i++) {
      const s = symbols[i]!;
      if (!(s >= 0 && s < a && Number.isInteger(s))) throw new Error(`Symbols are whole numbers below ${a} (got ${s})`);
      let nodes = this.nodes;
      let child = nodes[node * 4]!;
      while (child !== 0 && (nodes[child * 4 + 2]! & 0xff) !== s) child = nodes[child * 4 + 1]!;
      if (child === 0) {
        if (this.count * 4 === nodes.length) {
          const grown = new Int32Array(nodes.length * 2);
          grown.set(nodes);
          this.nodes = nodes = grown;
        }
        child = this.count++;
        nodes[child * 4 + 2] = s;
        nodes[child * 4 + 1] = nodes[node * 4]!;
        nodes[node * 4] = child;
      }
      node = child;
    }
    this.nodes[node * 4 + 2]! |= 0x100;
    this.ends.push(node);
    return this.ends.length - 1;
  }

  build(): ShallowDenseAutomaton {
    const a = this.alphabet;
    const n = this.count;
    const nodes = this.nodes;
    // Breadth-first renumbering: the children of each state come out next to each other.
    const order = new Int32Array(n);
    const childStart = new Int32Array(n + 1);
    const symbol = new Uint8Array(n);
    const terminal = new Uint8Array(n);
    let tail = 1;
    for (let head = 0; head < n; head++) {
      childStart[head] = tail;
      for (let c = nodes[order[head]! * 4]!; c !== 0; c = nodes[c * 4 + 1]!) {
        const info = nodes[c * 4 + 2]!;
        symbol[tail] = info & 0xff;
        terminal[tail] = info >>> 8;
        nodes[c * 4 + 3] = tail;
        order[tail++] = c;
      }
    }
    childStart[n] = tail;

    const denseStates = Math.min(n, Math.max(1, this.denseLimit));
    const table = new Int32Array(denseStates * a);
    const fail = new Int32Array(n);
    const dict = new Int32Array(n);
    const next = (state: number, s: number): number => {
      let u = state;
      while (u >= denseStates) {
        for (let k = childStart[u]!, end = childStart[u + 1]!; k < end; k++) if (symbol[k] === s) return k;
        u = fail[u]!;
      }
      return table[u * a + s]!;
    };
    for (let u = 0; u < n; u++) {
      // Children's failures: where the failure of u goes on their symbol (u's failure is shallower, so known).
      const fu = fail[u]!;
      for (let v = childStart[u]!, end = childStart[u + 1]!; v < end; v++) {
        const f = u === 0 ? 0 : fu < denseStates ? table[fu * a + symbol[v]!]! : next(fu, symbol[v]!);
        fail[v] = f;
        dict[v] = terminal[f] ? f : dict[f]!;
      }
      if (u < denseStates) {
        const row = u * a;
        if (u !== 0) table.copyWithin(row, fail[u]! * a, fail[u]! * a + a);
        for (let v = childStart[u]!, end = childStart[u + 1]!; v < end; v++) table[row + symbol[v]!] = v;
      }
    }
    const stateOf = Int32Array.from(this.ends, (node) => nodes[node * 4 + 3]!);
    return { alphabet: a, states: n, denseStates, table, childStart, symbol, fail, dict, terminal, stateOf };
  }
}
