/**
 * An Aho–Corasick automaton over sequences of non-negative integer symbols: word ids for names,
 * character codes for word lists. Patterns are data, never regular-expression source. Transitions
 * live in one open-addressing hash table keyed by (node, symbol), with a dense table for the root;
 * `dense()` turns a small-alphabet automaton into a full transition table (one array read per symbol).
 * Nodes are numbered from 0 (the root); the caller keeps whatever a pattern means, by its end node.
 */

function grown(array: Int32Array<ArrayBuffer>, size: number): Int32Array<ArrayBuffer> {
  if (array.length >= size) return array;
  const next = new Int32Array(Math.max(size, array.length * 2));
  next.set(array);
  return next;
}

const edgeSlot = (node: number, symbol: number, mask: number): number => {
  const h = Math.imul(node, 0x9e3779b1) ^ Math.imul(symbol + 1, 0x85ebca77);
  return (h ^ (h >>> 15)) & mask;
};

export class AhoCorasickBuilder {
  private nodes = 1;
  private depthOf = new Int32Array(1024);
  private terminalOf = new Uint8Array(1024);
  private firstChild = new Int32Array(1024).fill(-1);
  private nextSibling = new Int32Array(1024).fill(-1);
  private symbolOf = new Int32Array(1024);
  private edgeNode = new Int32Array(2048);
  private edgeSymbol = new Int32Array(2048);
  private edgeChild = new Int32Array(2048); // 0 = empty (no edge leads to the root)
  private edgeMask = 2047;
  private maxSymbol = 0;

  get nodeCount(): number {
    return this.nodes;
  }

  /** Adds a pattern (at least one symbol, each ≥ 0) and returns its end node. */
  add(symbols: ArrayLike<number>): number {
    if (symbols.length === 0) throw new Error('An empty pattern cannot be matched');
    let node = 0;
    for (let i = 0; i < symbols.length; i++) {
      const symbol = symbols[i]!;
      if (symbol < 0 || !Number.isInteger(symbol)) throw new Error(`Symbols are whole numbers from 0 (got ${symbol})`);
      node = this.child(node, symbol, true);
    }
    this.terminalOf[node] = 1;
    return node;
  }

  private child(node: number, symbol: number, create: boolean): number {
    const mask = this.edgeMask;
    let slot = edgeSlot(node, symbol, mask);
    for (;;) {
      const child = this.edgeChild[slot]!;
      if (child === 0) break;
      if (this.edgeNode[slot] === node && this.edgeSymbol[slot] === symbol) return child;
      slot = (slot + 1) & mask;
    }
    if (!create) return -1;
    const child = this.nodes++;
    this.ensureNodes(this.nodes);
    this.depthOf[child] = this.depthOf[node]! + 1;
    this.symbolOf[child] = symbol;
    this.nextSibling[child] = this.firstChild[node]!;
    this.firstChild[node] = child;
    if (symbol > this.maxSymbol) this.maxSymbol = symbol;
    this.edgeNode[slot] = node;
    this.edgeSymbol[slot] = symbol;
    this.edgeChild[slot] = child;
    if (this.nodes * 2 > this.edgeMask) this.growEdges();
    return child;
  }

  private ensureNodes(size: number): void {
    if (this.depthOf.length >= size) return;
    const old = this.firstChild.length;
    this.depthOf = grown(this.depthOf, size);
    const terminal = new Uint8Array(this.depthOf.length);
    terminal.set(this.terminalOf);
    this.terminalOf = terminal;
    this.firstChild = grown(this.firstChild, size);
    this.firstChild.fill(-1, old);
    this.nextSibling = grown(this.nextSibling, size);
    this.nextSibling.fill(-1, old);
    this.symbolOf = grown(this.symbolOf, size);
  }

  private growEdges(): void {
    const { edgeNode, edgeSymbol, edgeChild } = this;
    const size = edgeChild.length * 2;
    this.edgeNode = new Int32Array(size);
    this.edgeSymbol = new Int32Array(size);
    this.edgeChild = new Int32Array(size);
    this.edgeMask = size - 1;
    for (let i = 0; i < edgeChild.length; i++) {
      const child = edgeChild[i]!;
      if (child === 0) continue;
      let slot = edgeSlot(edgeNode[i]!, edgeSymbol[i]!, this.edgeMask);
      while (this.edgeChild[slot] !== 0) slot = (slot + 1) & this.edgeMask;
      this.edgeNode[slot] = edgeNode[i]!;
      this.edgeSymbol[slot] = edgeSymbol[i]!;
      this.edgeChild[slot] = child;
    }
  }

  /** Computes failure and output links (breadth first) and freezes the automaton. */
  build(): AhoCorasick {
    const n = this.nodes;
    const fail = new Int32Array(n);
    const dict = new Int32Array(n);
    const order = new Int32Array(n);
    const root = new Int32Array(this.maxSymbol + 1);
    let head = 0;
    let tail = 0;
    for (let c = this.firstChild[0]!; c >= 0; c = this.nextSibling[c]!) {
      root[this.symbolOf[c]!] = c;
      order[tail++] = c;
    }
    while (head < tail) {
      const u = order[head++]!;
      for (let v = this.firstChild[u]!; v >= 0; v = this.nextSibling[v]!) {
        const symbol = this.symbolOf[v]!;
        let f = fail[u]!;
        let target = -1;
        for (;;) {
          target = f === 0 ? root[symbol]! : this.child(f, symbol, false);
          if (target > 0 || f === 0) break;
          f = fail[f]!;
        }
        fail[v] = Math.max(target, 0);
        dict[v] = this.terminalOf[fail[v]!] ? fail[v]! : dict[fail[v]!]!;
        order[tail++] = v;
      }
    }
    return new AhoCorasick({
      nodes: n,
      fail,
      dict,
      root,
      order,
      depth: this.depthOf.slice(0, n),
      terminal: this.terminalOf.slice(0, n),
      edgeNode: this.edgeNode,
      edgeSymbol: this.edgeSymbol,
      edgeChild: this.edgeChild,
      edgeMask: this.edgeMask,
      firstChild: this.firstChild.slice(0, n),
      nextSibling: this.nextSibling.slice(0, n),
      symbolOf: this.symbolOf.slice(0, n),
    });
  }
}

interface Parts {
  nodes: number;
  fail: Int32Array;
  dict: Int32Array;
  root: Int32Array;
  order: Int32Array;
  depth: Int32Array;
  terminal: Uint8Array;
  edgeNode: Int32Array;
  edgeSymbol: Int32Array;
  edgeChild: Int32Array;
  edgeMask: number;
  firstChild: Int32Array;
  nextSibling: Int32Array;
  symbolOf: Int32Array;
}

export class AhoCorasick {
  readonly nodeCount: number;
  /** Pattern length (in symbols) of each node. */
  readonly depth: Int32Array;
  /** The next node along the failure chain that ends a pattern, or 0. */
  readonly dict: Int32Array;
  readonly terminal: Uint8Array;
  private readonly fail: Int32Array;
  private readonly root: Int32Array;
  private readonly p: Parts;

  constructor(parts: Parts) {
    this.p = parts;
    this.nodeCount = parts.nodes;
    this.depth = parts.depth;
    this.dict = parts.dict;
    this.terminal = parts.terminal;
    this.fail = parts.fail;
    this.root = parts.root;
  }

  /** The child of `node` on `symbol`, or -1. */
  goto(node: number, symbol: number): number {
    if (node === 0) return symbol < this.root.length && this.root[symbol]! > 0 ? this.root[symbol]! : -1;
    const { edgeNode, edgeSymbol, edgeChild, edgeMask } = this.p;
    let slot = edgeSlot(node, symbol, edgeMask);
    for (;;) {
      const child = edgeChild[slot]!;
      if (child === 0) return -1;
      if (edgeNode[slot] === node && edgeSymbol[slot] === symbol) return child;
      slot = (slot + 1) & edgeMask;
    }
  }

  /** The state after reading `symbol` in `state`; a negative symbol (a break) returns to the root. */
  step(state: number, symbol: number): number {
    if (symbol < 0) return 0;
    const root = this.root;
    const fail = this.fail;
    for (;;) {
      if (state === 0) return symbol < root.length ? root[symbol]! : 0;
      const next = this.goto(state, symbol);
      if (next > 0) return next;
      state = fail[state]!;
    }
  }

  /** The first node ending a pattern at `state` (itself or along its output links), or 0. */
  firstOutput(state: number): number {
    return this.terminal[state] ? state : this.dict[state]!;
  }

  /**
   * Runs over symbols[0..n) and calls onMatch(endIndex, node) for every pattern ending at each index,
   * longest first. Negative symbols are breaks.
   */
  scan(symbols: Int32Array, n: number, onMatch: (endIndex: number, node: number) => void): void {
    let state = 0;
    for (let i = 0; i < n; i++) {
      state = this.step(state, symbols[i]!);
      if (state === 0) continue;
      for (let o = this.firstOutput(state); o > 0; o = this.dict[o]!) onMatch(i, o);
    }
  }

  /**
   * A full transition table for symbols 0..alphabet-1: table[node * alphabet + symbol] is the next
   * state with failures already followed. Only for small alphabets (characters).
   */
  dense(alphabet: number): Int32Array {
    const { order, firstChild, nextSibling, symbolOf } = this.p;
    const table = new Int32Array(this.nodeCount * alphabet);
    for (let s = 0; s < alphabet && s < this.root.length; s++) table[s] = this.root[s]!;
    for (let k = 0; k < this.nodeCount - 1; k++) {
      const u = order[k]!;
      const f = this.fail[u]!;
      table.copyWithin(u * alphabet, f * alphabet, f * alphabet + alphabet);
      for (let v = firstChild[u]!; v >= 0; v = nextSibling[v]!) table[u * alphabet + symbolOf[v]!] = v;
    }
    return table;
  }
}
