/**
 * The implement task's fixed plan. Every key is written once while all is well, then the
 * partitions leave each key stale in a different way (the seed only picks the words and
 * the order keys are read in):
 *   a — n3 missed one write                         (n3 alone is stale)
 *   b — n3 missed two, n2 the last one              (three replicas, three versions)
 *   c — only n3 took the last write                 (a stale majority)
 *   d — n1 and n3 both wrote at counter 2           (a tie on the counter; n3's id is larger)
 * After the heal each key is read three times: from all three replicas, then from two pairs.
 * Each key's values are written in descending alphabetical order, so a repair that compares
 * values instead of versions picks an old one on every seed.
 */
import { createRng } from "@/lib/labs/rng";
import type { Step } from "./scenario";

export const KEYS = ["a", "b", "c", "d"];
export const READ_ROUNDS = [
  ["n2", "n3", "n1"],
  ["n2", "n3"],
  ["n3", "n1"],
];

const WORDS = ["amber", "birch", "cedar", "delta", "ember", "fjord", "grove", "heron", "indigo", "juniper", "kestrel", "lumen", "maple", "nectar", "opal", "pine", "quartz", "raven", "sorrel", "tundra", "umber", "violet", "willow", "yarrow", "zephyr"];
const ALL = ["n1", "n2", "n3"];

export function repairPlan(seed: number): Step[] {
  const rng = createRng(seed).fork("plan");
  const words = rng.shuffle(WORDS);
  // Each key's values, newest last, in descending alphabetical order.
  const values = (count: number) => words.splice(0, count).sort().reverse();
  const [a1, a2] = values(2);
  const [b1, b2, b3] = values(3);
  const [c1, c2] = values(2);
  const [d1, dn1, dn3] = values(3);
  const put = (via: string, key: string, value: string, reaches: string[]): Step => ({ do: "put", via, key, value, reaches });
  return [
    // While all is well; a write through every node, so every link is connected before a cut.
    put("n1", "a", a1!, ALL),
    put("n2", "b", b1!, ALL),
    put("n3", "c", c1!, ALL),
    put("n1", "d", d1!, ALL),
    { do: "cut", a: "n3", b: "n1" },
    { do: "cut", a: "n3", b: "n2" },
    put("n1", "a", a2!, ["n1", "n2"]),
    put("n1", "b", b2!, ["n1", "n2"]),
    put("n3", "c", c2!, ["n3"]),
    put("n1", "d", dn1!, ["n1", "n2"]),
    put("n3", "d", dn3!, ["n3"]),
    { do: "cut", a: "n1", b: "n2" },
    put("n1", "b", b3!, ["n1"]),
    { do: "heal" },
    ...READ_ROUNDS.flatMap((quorum) => rng.shuffle(KEYS).map((key): Step => ({ do: "read", key, quorum }))),
  ];
}
