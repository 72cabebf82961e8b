// The chain of transmission drawn with sigma.js 3.0.3 (WebGL) over graphology 0.26.0, both vendored under /lib/sigma (MIT).
// The server lays the forest out; this only draws it, so a cluster of 25,000 nodes costs one pass of addNode/addEdge.
let loading = null;

function load(src) {
  return new Promise((resolve, reject) => {
    const s = document.createElement("script");
    s.src = src;
    s.onload = resolve;
    s.onerror = () => reject(new Error("failed to load " + src));
    document.head.appendChild(s);
  });
}

async function ready() {
  if (window.Sigma && window.graphology) return;
  loading ??= load("/lib/sigma/graphology.umd.min.js").then(() => load("/lib/sigma/sigma.min.js"));
  await loading;
}

const views = new WeakMap();
// Sigma's camera state that shows the whole graph (its default).
const Whole = { x: 0.5, y: 0.5, ratio: 1, angle: 0 };
// 0 a case in the caller's jurisdiction, 1 one outside it, 2 a close contact, 3 a secondary contact.
const colors = ["#cf1322", "#8c8c8c", "#fa8c16", "#d4b106"];
const sizes = [7, 6, 3.5, 3];
const edgeColors = ["#ff7875", "#d9d9d9", "#f0e0a0"];

// data: { ids, labels, x, y, kinds, caseIds, edges: [from, to, kind, ...] } in compact arrays.
export async function draw(el, data) {
  const started = performance.now();
  await ready();
  dispose(el);
  const n = data.ids.length;
  const graph = new graphology.Graph({ type: "directed", multi: false, allowSelfLoops: false });
  // Rows spread so that a wide, shallow forest does not open as a flat line.
  let width = 1, rows = 1;
  for (let i = 0; i < n; i++) { if (data.x[i] > width) width = data.x[i]; if (data.y[i] > rows) rows = data.y[i]; }
  const rowGap = Math.max(1, Math.min(40, width / (rows * 3)));
  // Sigma draws nodes in the order they were added: contacts first, cases over them. Its zIndex setting would sort all
  // 25,000 nodes on every pass to get the same picture.
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (const cases of [false, true]) {
    for (let i = 0; i < n; i++) {
      const kind = data.kinds[i];
      if ((kind < 2) !== cases) continue;
      const x = data.x[i], y = -data.y[i] * rowGap;
      if (x < minX) minX = x; if (x > maxX) maxX = x; if (y < minY) minY = y; if (y > maxY) maxY = y;
      graph.addNode(data.ids[i], { x, y, label: data.labels[i], size: sizes[kind], color: colors[kind], kind, caseId: data.caseIds[i] });
    }
  }
  const e = data.edges;
  for (let i = 0; i < e.length; i += 3)
    graph.addDirectedEdge(data.ids[e[i]], data.ids[e[i + 1]], { color: edgeColors[e[i + 2]], size: e[i + 2] === 0 ? 2 : 0.6 });
  // The renderer starts on an empty graph so that the box below is in place before its one pass over the real one:
  // set afterwards, the box needs a second full pass (a refresh) over every node and edge.
  const renderer = new Sigma(new graphology.Graph(), el, {
    hideEdgesOnMove: n > 5000,
    hideLabelsOnMove: n > 5000,
    labelRenderedSizeThreshold: 6,
    labelDensity: 0.5,
    defaultEdgeType: "line",
    // Sizes in pixels on the screen, whatever the graph's own coordinates (columns and rows of the server's layout).
    itemSizesReference: "screen",
  });
  // A chain of one column (a case with one contact) has no width: sigma would stretch it without bound. A box at least as
  // wide as it is tall, with a margin of a column, keeps small chains at their natural size.
  if (n > 0) {
    const half = Math.max(maxX - minX, maxY - minY, 4) / 2 + 1;
    const cx = (minX + maxX) / 2, cy = (minY + maxY) / 2;
    renderer.setCustomBBox({ x: [cx - half, cx + half], y: [cy - half, cy + half] });
  }
  renderer.setGraph(graph);
  renderer.on("clickNode", ({ node }) => {
    const a = graph.getNodeAttributes(node);
    if (a.kind === 0 && a.caseId) window.location.href = "/investigation/cases/" + a.caseId;
    else if (a.kind >= 2 && a.caseId) window.location.href = "/investigation/cases/" + a.caseId + "/contacts";
  });
  renderer.getCamera().on("updated", (state) => { el.dataset.ratio = state.ratio.toFixed(4); });
  views.set(el, { graph, renderer, highlighted: [], width });
  // The first frame: the time until the browser has painted the graph once.
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  const ms = Math.round(performance.now() - started);
  el.dataset.nodes = String(n);
  el.dataset.edges = String(e.length / 3);
  el.dataset.drawMs = String(ms);
  return { nodes: n, edges: e.length / 3, ms };
}

// Finds nodes whose label contains the text (a case number, 病例12, or a masked name), highlights them and moves to the first.
export function search(el, text) {
  const view = views.get(el);
  if (!view) return 0;
  for (const node of view.highlighted) if (view.graph.hasNode(node)) view.graph.setNodeAttribute(node, "highlighted", false);
  view.highlighted = [];
  const q = (text || "").trim();
  if (!q) { view.renderer.getCamera().animate(Whole, { duration: 300 }); return 0; }
  view.graph.forEachNode((node, a) => { if (a.label && a.label.includes(q)) view.highlighted.push(node); });
  for (const node of view.highlighted) view.graph.setNodeAttribute(node, "highlighted", true);
  if (view.highlighted.length > 0) {
    const d = view.renderer.getNodeDisplayData(view.highlighted[0]);
    // Close enough to read about forty columns of the forest around it; a small chain stays whole.
    if (d) view.renderer.getCamera().animate({ x: d.x, y: d.y, ratio: Math.min(1, Math.max(0.002, 40 / view.width)) }, { duration: 400 });
  }
  return view.highlighted.length;
}

export function zoom(el, direction) {
  const view = views.get(el);
  if (!view) return;
  const camera = view.renderer.getCamera();
  const ratio = camera.getState().ratio;
  if (direction > 0) camera.animate({ ratio: ratio / 1.5 }, { duration: 200 });
  else if (direction < 0) camera.animate({ ratio: Math.min(1.5, ratio * 1.5) }, { duration: 200 });
  else camera.animate(Whole, { duration: 200 });
}

export function dispose(el) {
  const view = views.get(el);
  if (!view) return;
  view.renderer.kill();
  views.delete(el);
}

// A file the server made, handed to the browser as a download (the assist-check list).
export function download(name, base64, type) {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
