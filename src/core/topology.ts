/**
 * Which modules share one pressure: the connected groups of present modules joined by open
 * hatches, each with a spanning tree along which pressure-equalising flows run.
 */

export interface GasGroup {
  /** Module indices in breadth-first order from the group's root (the first module listed). */
  modules: Int32Array;
  /** For each entry of `modules`, the index (into `modules`) of its tree parent; -1 for the root. */
  parent: Int32Array;
  /** For each entry, the hatch joining it to its tree parent; -1 for the root. */
  parentHatch: Int32Array;
}

export interface Topology {
  groups: GasGroup[];
  /** Group index of each module; -1 when the module is absent. */
  groupOf: Int32Array;
  /** Open hatches that close a loop (not on any group's spanning tree). */
  loopHatches: number[];
}

/**
 * Groups of present modules connected through open hatches.
 * @param present 1 when a module is attached, per module
 * @param hatchEnds pairs of module indices, two per hatch
 * @param hatchOpen 1 when a hatch is open, per hatch
 */
export function connectedGroups(present: Uint8Array, hatchEnds: Int32Array, hatchOpen: Uint8Array): Topology {
  const n = present.length;
  const adjacency: { module: number; hatch: number }[][] = Array.from({ length: n }, () => []);
  for (let h = 0; h < hatchOpen.length; h++) {
    const a = hatchEnds[2 * h] as number;
    const b = hatchEnds[2 * h + 1] as number;
    if (hatchOpen[h] === 1 && present[a] === 1 && present[b] === 1) {
      adjacency[a]?.push({ module: b, hatch: h });
      adjacency[b]?.push({ module: a, hatch: h });
    }
  }
  const groupOf = new Int32Array(n).fill(-1);
  const groups: GasGroup[] = [];
  const treeHatch = new Set<number>();
  for (let root = 0; root < n; root++) {
    if (present[root] !== 1 || groupOf[root] !== -1) continue;
    const order = [root];
    const parents = [-1];
    const parentHatches = [-1];
    groupOf[root] = groups.length;
    for (let head = 0; head < order.length; head++) {
      for (const next of adjacency[order[head] as number] ?? []) {
        if (groupOf[next.module] !== -1) continue;
        groupOf[next.module] = groups.length;
        order.push(next.module);
        parents.push(head);
        parentHatches.push(next.hatch);
        treeHatch.add(next.hatch);
      }
    }
    groups.push({
      modules: Int32Array.from(order),
      parent: Int32Array.from(parents),
      parentHatch: Int32Array.from(parentHatches),
    });
  }
  const loopHatches: number[] = [];
  for (let h = 0; h < hatchOpen.length; h++) {
    const a = hatchEnds[2 * h] as number;
    const b = hatchEnds[2 * h + 1] as number;
    if (hatchOpen[h] === 1 && present[a] === 1 && present[b] === 1 && !treeHatch.has(h)) loopHatches.push(h);
  }
  return { groups, groupOf, loopHatches };
}
