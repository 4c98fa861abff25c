/**
 * One moment of the replica map as SVG: nodes on a ring, each with its id and state in
 * words (colour only repeats them), what it holds, cut links dashed and labelled, and
 * messages in flight as a dot with a count on their link.
 */
import type { MapLink, MapNode, ReplicaMap } from "./replica-map-model";

// Room around the ring for three lines of facts beside, above or below each node.
const W = 520;
const H = 360;
const CX = W / 2;
const CY = 180;
const RING = 100;
const NODE_R = 28;
const LINE = 14;
/** Two directions of a link are drawn side by side, this far apart. */
const LANE = 5;

interface Point {
  x: number;
  y: number;
}

interface Place extends Point {
  /** Which way is out of the ring, as a unit vector. */
  out: Point;
}

function ringPlaces(ids: string[]): Map<string, Place> {
  const radius = ids.length > 1 ? RING : 0;
  return new Map(ids.map((id, i) => {
    const angle = -Math.PI / 2 + (i * 2 * Math.PI) / ids.length;
    const out = { x: Math.cos(angle), y: Math.sin(angle) };
    return [id, { x: CX + radius * out.x, y: CY + radius * out.y, out }];
  }));
}

/** Facts sit outside the ring, so they never cross links: beside, above or below the node. */
function factLines(p: Place, count: number): { anchor: "start" | "middle" | "end"; ys: number[]; x: number } {
  const gap = NODE_R + 8;
  const side = Math.abs(p.out.x) > 0.35;
  const anchor = !side ? "middle" : p.out.x > 0 ? "start" : "end";
  const x = side ? p.x + Math.sign(p.out.x) * gap : p.x;
  const lines = Array.from({ length: count }, (_, i) => i);
  if (side) return { anchor, x, ys: lines.map((i) => p.y + 4 + (i - (count - 1) / 2) * LINE) };
  if (p.out.y < 0) return { anchor, x, ys: lines.map((i) => p.y - gap - (count - 1 - i) * LINE) };
  return { anchor, x, ys: lines.map((i) => p.y + gap + 6 + i * LINE) };
}

/** From a's edge to b's edge, shifted sideways by `shift` (so a→b and b→a do not overlap). */
function between(a: Point, b: Point, shift: number) {
  const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
  const ux = (b.x - a.x) / len;
  const uy = (b.y - a.y) / len;
  const sx = -uy * shift;
  const sy = ux * shift;
  return { x1: a.x + ux * NODE_R + sx, y1: a.y + uy * NODE_R + sy, x2: b.x - ux * NODE_R + sx, y2: b.y - uy * NODE_R + sy };
}

const short = (v: unknown) => {
  const text = typeof v === "string" ? v : JSON.stringify(v);
  return text.length > 14 ? `${text.slice(0, 13)}…` : text;
};

/** The lines beside a node: what cuts it off and what it holds, when known. */
export function nodeFacts(n: MapNode): string[] {
  const facts: string[] = [];
  if (n.cutOff) facts.push("cut off");
  if (n.lying) facts.push("lying");
  if (n.slowMs) facts.push(`slow +${Math.round(n.slowMs)} ms`);
  if (n.value !== undefined) facts.push(`value ${short(n.value)}`);
  if (n.version !== undefined) facts.push(`version ${short(n.version)}`);
  if (n.vector) facts.push(short(Object.entries(n.vector).map(([k, v]) => `${k}:${v}`).join(" ")));
  if (n.clockOffsetMs) facts.push(`clock ${n.clockOffsetMs > 0 ? "+" : ""}${Math.round(n.clockOffsetMs)} ms`);
  return facts;
}

interface Pair {
  a: string;
  b: string;
  /** The directions a→b and b→a, when listed. */
  ab?: MapLink;
  ba?: MapLink;
}

function pairsOf(links: MapLink[]): Pair[] {
  const pairs = new Map<string, Pair>();
  for (const link of links) {
    const [a, b] = link.from < link.to ? [link.from, link.to] : [link.to, link.from];
    const pair = pairs.get(`${a} ${b}`) ?? { a, b };
    if (link.from === a) pair.ab = link;
    else pair.ba = link;
    pairs.set(`${a} ${b}`, pair);
  }
  return [...pairs.values()];
}

/** A dot with a count, 60% of the way along its own side of the line. */
function Flight({ link, from, to, shift }: { link: MapLink; from: Point; to: Point; shift: number }) {
  const line = between(from, to, shift);
  const x = line.x1 + (line.x2 - line.x1) * 0.6;
  const y = line.y1 + (line.y2 - line.y1) * 0.6;
  const name = `${link.from}→${link.to}`;
  return (
    <g className="lab-map-flight" data-link={name} data-in-flight={link.inFlight}>
      <line {...line} />
      <circle cx={x} cy={y} r={5} />
      <text x={x + 8} y={y + 4}>
        {link.inFlight}
      </text>
      <title>{`${link.inFlight} message${link.inFlight === 1 ? "" : "s"} in flight ${name}`}</title>
    </g>
  );
}

/**
 * Where a cut's label goes: beside the line, on the side away from the ring's centre (clear of
 * the flight lanes). Lines through the centre cross there, so their labels move along a third.
 */
function labelSpot(line: ReturnType<typeof between>, text: string): Point {
  const mid = { x: (line.x1 + line.x2) / 2, y: (line.y1 + line.y2) / 2 };
  const throughCentre = Math.hypot(mid.x - CX, mid.y - CY) < 20;
  const along = throughCentre ? 0.3 : 0.5;
  const at = { x: line.x1 + (line.x2 - line.x1) * along, y: line.y1 + (line.y2 - line.y1) * along };
  const len = Math.hypot(line.x2 - line.x1, line.y2 - line.y1) || 1;
  let nx = -(line.y2 - line.y1) / len;
  let ny = (line.x2 - line.x1) / len;
  if (nx * (at.x - CX) + ny * (at.y - CY) < 0) [nx, ny] = [-nx, -ny];
  // Text is wide: push it further out sideways than up or down.
  return { x: at.x + nx * (12 + text.length * 2.5), y: at.y + ny * 12 + 4 };
}

function cutText(pair: Pair): string | null {
  const cut = [pair.ab, pair.ba].filter((l): l is MapLink => l?.cut === true);
  if (cut.length === 0) return null;
  return cut.length === 2 ? "cut" : `${cut[0]!.from}→${cut[0]!.to} cut`;
}

/** One pair of nodes: a dashed red line when either direction is cut, and what flies each way. */
function PairMark({ pair, at }: { pair: Pair; at: Map<string, Place> }) {
  const a = at.get(pair.a);
  const b = at.get(pair.b);
  if (!a || !b) return null;
  return (
    <g className="lab-map-pair">
      {cutText(pair) ? (
        <g className="lab-map-cut" data-link={`${pair.a}↔${pair.b}`} data-cut="true">
          <line {...between(a, b, 0)} />
        </g>
      ) : null}
      {pair.ab?.inFlight ? <Flight link={pair.ab} from={a} to={b} shift={LANE} /> : null}
      {pair.ba?.inFlight ? <Flight link={pair.ba} from={b} to={a} shift={LANE} /> : null}
    </g>
  );
}

/** A cut's words, drawn above the nodes so none hides them. */
function CutLabel({ pair, at }: { pair: Pair; at: Map<string, Place> }) {
  const a = at.get(pair.a);
  const b = at.get(pair.b);
  const text = cutText(pair);
  if (!a || !b || !text) return null;
  const spot = labelSpot(between(a, b, 0), text);
  return (
    <text className="lab-map-cut-label" x={spot.x} y={spot.y}>
      {text}
    </text>
  );
}

export function describeMap(map: ReplicaMap): string {
  const nodes = map.nodes.map((n) => [n.id, n.state, ...nodeFacts(n)].join(" ")).join("; ");
  const cut = map.links.filter((l) => l.cut).map((l) => `${l.from}→${l.to} cut`);
  const flying = map.inFlight > 0 ? [`${map.inFlight} messages in flight`] : [];
  return [nodes, ...cut, ...flying].join("; ");
}

export function ReplicaRing({ map }: { map: ReplicaMap }) {
  const at = ringPlaces(map.nodes.map((n) => n.id));
  const pairs = pairsOf(map.links);
  return (
    <svg className="lab-map" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={describeMap(map)}>
      {pairs.map((pair) => (
        <PairMark key={`${pair.a} ${pair.b}`} pair={pair} at={at} />
      ))}
      {map.nodes.map((n) => {
        const p = at.get(n.id)!;
        const known = ["up", "down", "paused", "stopped"].includes(n.state) ? n.state : "other";
        const facts = nodeFacts(n);
        const lines = factLines(p, facts.length);
        return (
          <g key={n.id} className={`lab-map-node is-${known}${n.cutOff ? " is-cut-off" : ""}${n.lying ? " is-lying" : ""}`} data-node={n.id} data-state={n.state} data-cut={n.cutOff} data-lying={n.lying ?? false}>
            <circle cx={p.x} cy={p.y} r={NODE_R} />
            <text x={p.x} y={p.y - 3} className="lab-map-id">
              {n.id}
            </text>
            <text x={p.x} y={p.y + 13} className="lab-map-state">
              {n.state}
            </text>
            {facts.map((fact, i) => (
              <text key={fact} x={lines.x} y={lines.ys[i]} textAnchor={lines.anchor} className={`lab-map-fact${fact === "cut off" || fact === "lying" ? " is-cut" : ""}`}>
                {fact}
              </text>
            ))}
          </g>
        );
      })}
      {pairs.map((pair) => (
        <CutLabel key={`${pair.a} ${pair.b}`} pair={pair} at={at} />
      ))}
    </svg>
  );
}
