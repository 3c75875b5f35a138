/**
 * An Aho–Corasick automaton over a small alphabet, built straight into one transition table
 * (table[state * alphabet + symbol], failures already followed). The post checks' builder
 * (publishing/checks/names/aho-corasick.ts) keeps edges in a hash table because word ids are a large
 * alphabet; over 37 folded characters and 100,000 school and staff names that hashing made building
 * take about 0.9 s, so mentions build the dense table directly: one array write per pattern symbol,
 * then one pass over the table in breadth-first order. Same automaton, same answers, about a fifth of
 * the time (bench/mentions.ts).
 */
export interface DenseAutomaton {
  alphabet: number;
  states: number;
  table: Int32Array;
  /** The next state along the failure chain that ends a pattern, or 0. */
  dict: Int32Array;
  /** 1 where a pattern ends. */
  terminal: Uint8Array;
}

export class DenseAutomatonBuilder {
  private table: Int32Array;
  private terminal: Uint8Array;
  private states = 1;

  constructor(
    readonly alphabet: number,
    expectedStates = 1024,
  ) {
    this.table = new Int32Array(expectedStates * alphabet);
    this.terminal = new Uint8Array(expectedStates);
  }

  /** Adds a pattern (symbols 0..alphabet-1, at least one) and returns its end state. */
  add(symbols: ArrayLike<number>): number {
    if (symbols.length === 0) throw new Error('An empty pattern cannot be matched');
    const a = this.alphabet;
    let state = 0;
    for (let i = 0; i < symbols.length; i++) {
      const s = symbols[i]!;
      if (!(s >= 0 && s < a && Number.isInteger(s))) throw new Error(`Symbols are whole numbers below ${a} (got ${s})`);
      let next = this.table[state * a + s]!;
      if (next === 0) {
        next = this.states++;
        if (this.states * a > this.table.length) this.grow();
        this.table[state * a + s] = next;
      }
      state = next;
    }
    this.terminal[state] = 1;
    return state;
  }

  private grow(): void {
    const table = new Int32Array(this.table.length * 2);
    table.set(this.table);
    this.table = table;
    const terminal = new Uint8Array(this.terminal.length * 2);
    terminal.set(this.terminal);
    this.terminal = terminal;
  }

  build(): DenseAutomaton {
    const a = this.alphabet;
    const n = this.states;
    const table = this.table.subarray(0, n * a);
    const terminal = this.terminal.slice(0, n);
    const fail = new Int32Array(n);
    const dict = new Int32Array(n);
    const queue = new Int32Array(n);
    let head = 0;
    let tail = 0;
    for (let s = 0; s < a; s++) {
      const child = table[s]!;
      if (child !== 0) queue[tail++] = child;
    }
    const childSymbols = new Int32Array(a);
    const children = new Int32Array(a);
    while (head < tail) {
      const u = queue[head++]!;
      const row = u * a;
      const failRow = fail[u]! * a;
      // Keep the state's own children, take every other transition from its failure state's row
      // (already complete: it is shallower), then put the children back.
      let k = 0;
      for (let s = 0; s < a; s++) {
        const v = table[row + s]!;
        if (v !== 0) {
          childSymbols[k] = s;
          children[k++] = v;
        }
      }
      table.copyWithin(row, failRow, failRow + a);
      for (let c = 0; c < k; c++) {
        const s = childSymbols[c]!;
        const v = children[c]!;
        const f = table[row + s]!;
        table[row + s] = v;
        fail[v] = f;
        dict[v] = terminal[f] ? f : dict[f]!;
        queue[tail++] = v;
      }
    }
    return { alphabet: a, states: n, table, dict, terminal };
  }
}
