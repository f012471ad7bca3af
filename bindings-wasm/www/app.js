// The izkit demo page: paste, type, open or drop an HL7 v2 message; see its parts as a tree with
// each part's path; select a part to see its raw and decoded value and byte range; a message
// that does not parse shows the error at its byte offset. Validate checks the message against
// the CDC IG R1.5 profiles and marks the findings on the tree (severity colour, the text on hover
// and in the details), lists them, and shows the acknowledgement a receiver would send back.
// The FHIR view shows the message as a FHIR R4 Bundle, one foldable block per entry, and turns
// FHIR JSON pasted there back into a v2 message. The Share view shows which IIS jurisdictions
// get the message under the Share policy (or one pasted there), why, and the message each one
// receives, with the redacted text for logs. Everything runs in this page.
//
// All HL7 knowledge comes from izkit (parse, segments, get, getRaw, locate, toJSON,
// validateReport, ack, toFhir, fromFhir, routeReport, redact). The page only splits a field's raw text at the message's own delimiters
// to lay out the tree below the field level and to compute those parts' byte ranges; their
// values and paths are izkit's, and so are the findings and the acknowledgement.
//
// Views are tabs built from the <section role="tabpanel" data-tab=…> elements in index.html; a
// later view registers its renderer in VIEWS (render(state) is called when the message changes
// while the view is shown, or when the view is opened).

import init, { parse, parseMany, validateReport, ack, toFhir, fromFhir, routeReport, redact, Policy } from '../pkg/web/izkit_wasm.js';

const $ = (id) => document.getElementById(id);
const ui = {
  input: $('input'),
  editor: $('editor'),
  highlights: $('highlights'),
  status: $('status'),
  error: $('error'),
  tree: $('tree'),
  treeEmpty: $('tree-empty'),
  detailEmpty: $('detail-empty'),
  detailFacts: $('detail-facts'),
  pathInput: $('path-input'),
  pathResult: $('path-result'),
  showEmpty: $('show-empty'),
  fileInput: $('file-input'),
  tablist: $('tablist'),
  sample: $('sample'),
  validate: $('validate'),
  profile: $('profile'),
  summary: $('validation-summary'),
  findings: $('findings'),
  findingsEmpty: $('findings-empty'),
};

const enc = new TextEncoder();

/** What the page shows: the text, its parse result, the tree model and the selection. */
const state = {
  text: '',
  msg: null,
  error: null,
  model: null, // { roots, byKey } built from msg
  selected: null, // a model node
  mark: null, // { start, end, kind } in bytes, drawn behind the text
  validating: false, // Validate was pressed: findings follow every edit
  report: null, // validateReport(msg, profile): { profile, findings }
  marks: null, // { own: Map(node -> findings), below: Map(node -> worst severity under it) }
};

// ---- findings on the tree ------------------------------------------------------------------

const RANK = { error: 3, warning: 2, information: 1 };
const ICON = { error: '✖', warning: '⚠', information: 'ℹ' };
const worse = (a, b) => (!a || RANK[b] > RANK[a] ? b : a);

/**
 * The tree node a finding belongs to: the part its path names (izkit writes `PID[1]-5.1`; the
 * tree keys leave out occurrence 1), or the nearest part the tree has (a missing component is
 * shown on its field). Message-level findings (no path) belong to no node.
 */
function nodeOfFinding(f) {
  if (!f.path || !state.model) return null;
  const key = f.path.replace(/^([A-Z0-9]{3})\[1\]/, '$1');
  return state.model.byKey.get(key) ?? nearestNode(key);
}

function computeMarks() {
  const own = new Map();
  const below = new Map();
  for (const f of state.report?.findings ?? []) {
    const n = nodeOfFinding(f);
    if (!n) continue;
    if (!own.has(n)) own.set(n, []);
    own.get(n).push(f);
    for (let p = n.parent; p; p = p.parent) below.set(p, worse(below.get(p), f.severity));
  }
  state.marks = { own, below };
}

function worstOf(findings) {
  return findings.reduce((w, f) => worse(w, f.severity), null);
}

const describeFinding = (f) =>
  `${f.severity} ${f.code}${f.app_code !== null ? `/${f.app_code}` : ''}${f.rule ? ` [${f.rule}]` : ''}: ${f.text}`;

function countText(findings) {
  const n = (sev) => findings.filter((f) => f.severity === sev).length;
  const parts = [
    [n('error'), 'error', 'errors'],
    [n('warning'), 'warning', 'warnings'],
    [n('information'), 'note', 'notes'],
  ]
    .filter(([k]) => k > 0)
    .map(([k, one, many]) => `${k} ${k === 1 ? one : many}`);
  return parts.length ? parts.join(', ') : 'no findings';
}

/** Adds the marks of node `n` (own findings, or findings somewhere below it) to its row. */
function markRow(n, li, row) {
  const own = state.marks?.own.get(n);
  const below = state.marks?.below.get(n);
  if (own) {
    const sev = worstOf(own);
    li.classList.add(`sev-${sev}`);
    const badge = document.createElement('span');
    badge.className = `badge sev-${sev}`;
    badge.textContent = `${ICON[sev]} ${own.length === 1 ? own[0].code : own.length}`;
    badge.title = own.map(describeFinding).join('\n');
    badge.setAttribute('aria-label', `${own.length} finding${own.length === 1 ? '' : 's'}: ${own.map(describeFinding).join('; ')}`);
    row.append(badge);
    row.title = badge.title;
  }
  if (below) li.dataset.below = below;
}

// ---- bytes <-> string indices ------------------------------------------------------------------
// izkit's offsets count bytes of UTF-8 text; textarea positions count UTF-16 code units.

function utf8Length(s) {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** The UTF-16 index of byte offset `b` (clamped to the text). */
function indexOfByte(s, b) {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    if (bytes >= b) return i;
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return s.length;
}

/** The byte offset of UTF-16 index `i`. */
const byteOfIndex = (s, i) => utf8Length(s.slice(0, i));

// ---- the tree model ----------------------------------------------------------------------------

const HEADERS = new Set(['MSH', 'FHS', 'BHS']);

/** Splits `raw` (which starts at byte `start`) at `sep`: [{ text, start, end }]. */
function split(raw, start, sep) {
  const out = [];
  let at = start;
  for (const text of raw.split(sep)) {
    const end = at + utf8Length(text);
    out.push({ text, start: at, end });
    at = end + 1; // delimiters are single ASCII bytes
  }
  return out;
}

function node(kind, path, key, raw, start, end, parent) {
  return { kind, path, key, raw, range: [start, end], parent, children: [] };
}

/**
 * The parts below a field or repetition, structured as izkit's locate() names them: components
 * only where the text has component or subcomponent delimiters, subcomponents only where a
 * component has more than one.
 */
function addComponents(parent, raw, start, base, d) {
  const comps = split(raw, start, d.component);
  if (comps.length === 1 && !raw.includes(d.subcomponent)) return;
  comps.forEach((c, ci) => {
    const path = `${base}.${ci + 1}`;
    const comp = node('component', path, path, c.text, c.start, c.end, parent);
    parent.children.push(comp);
    const subs = split(c.text, c.start, d.subcomponent);
    if (subs.length > 1) {
      subs.forEach((s, si) => {
        const sp = `${path}.${si + 1}`;
        comp.children.push(node('subcomponent', sp, sp, s.text, s.start, s.end, comp));
      });
    }
  });
}

function buildModel(msg) {
  const enc2 = msg.get('MSH-2') ?? '^~\\&';
  const d = { component: enc2[0] ?? '^', repetition: enc2[1] ?? '~', subcomponent: enc2[3] ?? '&' };
  const byKey = new Map();
  const roots = [];
  for (const seg of msg.segments()) {
    const segPath = seg.occurrence > 1 ? `${seg.id}[${seg.occurrence}]` : seg.id;
    const s = node('segment', segPath, segPath, seg.raw, seg.range[0], seg.range[1], null);
    s.id = seg.id;
    roots.push(s);
    seg.fields.forEach((f, fi) => {
      const field = node('field', f.path, f.path, f.raw, f.range[0], f.range[1], s);
      field.empty = f.raw === '';
      s.children.push(field);
      if (HEADERS.has(seg.id) && fi < 2) return; // MSH-1 and MSH-2 are never split
      const reps = split(f.raw, f.range[0], d.repetition);
      if (reps.length > 1) {
        reps.forEach((r, ri) => {
          // izkit writes the first repetition without [1]; show it with, look it up without.
          const key = ri === 0 ? f.path : `${f.path}[${ri + 1}]`;
          const rep = node('repetition', `${f.path}[${ri + 1}]`, key, r.text, r.start, r.end, field);
          field.children.push(rep);
          addComponents(rep, r.text, r.start, key, d);
        });
      } else {
        addComponents(field, f.raw, f.range[0], f.path, d);
      }
    });
  }
  const index = (n) => {
    byKey.set(n.key, n); // deeper parts register later and win (PID-3 → its first repetition)
    n.children.forEach(index);
  };
  roots.forEach(index);
  return { roots, byKey };
}

// ---- the tree view -----------------------------------------------------------------------------

let elOf = new WeakMap(); // model node -> its <li> in the current rendering
const nodeOf = new WeakMap(); // <li> -> model node

function valueOf(n) {
  try {
    return state.msg.get(n.path);
  } catch {
    return null;
  }
}

function visibleChildren(n) {
  if (n.kind === 'segment' && !ui.showEmpty.checked) return n.children.filter((c) => !c.empty);
  return n.children;
}

function renderNode(n) {
  const li = document.createElement('li');
  li.setAttribute('role', 'treeitem');
  li.setAttribute('aria-selected', 'false');
  li.tabIndex = -1;
  li.className = `kind-${n.kind}`;
  li.dataset.path = n.path;
  const kids = visibleChildren(n);
  if (kids.length) li.setAttribute('aria-expanded', 'false');

  const row = document.createElement('div');
  row.className = 'row';
  const twisty = document.createElement('span');
  twisty.className = 'twisty';
  twisty.setAttribute('aria-hidden', 'true');
  const path = document.createElement('span');
  path.className = 'path';
  path.textContent = n.path;
  const val = document.createElement('span');
  val.className = 'val';
  if (n.kind === 'segment') {
    val.classList.add('hint');
    const shown = kids.length;
    val.textContent = `${n.children.length} field${n.children.length === 1 ? '' : 's'}${shown !== n.children.length ? ` (${shown} with values)` : ''}`;
  } else {
    const v = valueOf(n);
    if (v === null) {
      val.textContent = 'empty';
      val.classList.add('empty');
    } else val.textContent = v;
  }
  row.append(twisty, path, val);
  markRow(n, li, row);
  li.append(row);
  elOf.set(n, li);
  nodeOf.set(li, n);
  return li;
}

function expand(n, open = true) {
  const li = elOf.get(n);
  if (!li || !li.hasAttribute('aria-expanded')) return;
  li.setAttribute('aria-expanded', String(open));
  let group = li.querySelector(':scope > ul');
  if (open && !group) {
    group = document.createElement('ul');
    group.setAttribute('role', 'group');
    for (const c of visibleChildren(n)) group.append(renderNode(c));
    li.append(group);
  }
  if (group) group.hidden = !open;
}

function renderTree() {
  ui.tree.replaceChildren();
  elOf = new WeakMap();
  const model = state.model;
  ui.treeEmpty.hidden = !!model;
  ui.treeEmpty.textContent = state.error
    ? 'The message did not parse: see the error beside the text.'
    : 'Paste or load a message to see its parts.';
  if (!model) return;
  const frag = document.createDocumentFragment();
  for (const r of model.roots) frag.append(renderNode(r));
  ui.tree.append(frag);
  // Open the segments so fields show; deeper levels open on demand.
  if (model.roots.length <= 200) model.roots.forEach((r) => expand(r));
  const first = elOf.get(model.roots[0]);
  if (first) first.tabIndex = 0;
}

/** Makes `n` visible (opening its ancestors) and selects it. */
function reveal(n, opts = {}) {
  const chain = [];
  for (let p = n.parent; p; p = p.parent) chain.unshift(p);
  chain.forEach((p) => expand(p));
  if (!elOf.get(n)) {
    // A hidden empty field: show empty fields so it can be selected.
    ui.showEmpty.checked = true;
    renderTree();
    chain.forEach((p) => expand(p));
  }
  select(n, opts);
}

function select(n, { focus = false, scroll = true, fromText = false } = {}) {
  const prev = state.selected && elOf.get(state.selected);
  if (prev) {
    prev.setAttribute('aria-selected', 'false');
    prev.tabIndex = -1;
  }
  state.selected = n;
  const li = elOf.get(n);
  if (li) {
    li.setAttribute('aria-selected', 'true');
    li.tabIndex = 0;
    if (scroll) li.scrollIntoView({ block: 'nearest' });
    if (focus) li.focus();
  }
  showDetail(n);
  state.mark = { start: n.range[0], end: n.range[1], kind: 'sel' };
  drawHighlights();
  if (!fromText) scrollTextTo(n.range[0]);
}

const KIND = {
  segment: 'Segment',
  field: 'Field',
  repetition: 'Repetition',
  component: 'Component',
  subcomponent: 'Subcomponent',
};

function setValue(el, v) {
  el.textContent = v === null ? 'empty (null)' : v;
  el.classList.toggle('empty', v === null);
}

function showDetail(n) {
  ui.detailEmpty.hidden = true;
  ui.detailFacts.hidden = false;
  $('d-path').textContent = n.path;
  $('d-kind').textContent = KIND[n.kind];
  let value = null;
  let raw = null;
  try {
    value = state.msg.get(n.path);
    raw = n.kind === 'segment' ? n.raw : state.msg.getRaw(n.path);
  } catch {
    /* every path here is well formed */
  }
  setValue($('d-value'), value);
  setValue($('d-raw'), raw);
  const [s, e] = n.range;
  $('d-range').textContent = `[${s}, ${e}) · ${e - s} byte${e - s === 1 ? '' : 's'}`;
  const own = state.marks?.own.get(n) ?? [];
  $('d-findings').hidden = own.length === 0;
  $('d-findings-list').replaceChildren(...own.map((f) => findingItem(f)));
}

function clearDetail() {
  ui.detailEmpty.hidden = false;
  ui.detailFacts.hidden = true;
  $('d-findings').hidden = true;
}

function visibleItems() {
  return [...ui.tree.querySelectorAll('[role=treeitem]')].filter((li) => li.offsetParent !== null);
}

ui.tree.addEventListener('click', (ev) => {
  const li = ev.target.closest('[role=treeitem]');
  if (!li) return;
  const n = nodeOf.get(li);
  if (ev.target.closest('.twisty') || (state.selected === n && li.hasAttribute('aria-expanded'))) {
    expand(n, li.getAttribute('aria-expanded') !== 'true');
  }
  select(n, { focus: true, scroll: false });
});

ui.tree.addEventListener('keydown', (ev) => {
  const li = ev.target.closest('[role=treeitem]');
  if (!li) return;
  const n = nodeOf.get(li);
  const items = visibleItems();
  const i = items.indexOf(li);
  const go = (el) => el && select(nodeOf.get(el), { focus: true });
  const open = li.getAttribute('aria-expanded');
  switch (ev.key) {
    case 'ArrowDown': go(items[i + 1]); break;
    case 'ArrowUp': go(items[i - 1]); break;
    case 'Home': go(items[0]); break;
    case 'End': go(items[items.length - 1]); break;
    case 'ArrowRight':
      if (open === 'false') expand(n);
      else if (open === 'true') go(items[i + 1]);
      break;
    case 'ArrowLeft':
      if (open === 'true') expand(n, false);
      else if (n.parent) go(elOf.get(n.parent));
      break;
    case 'Enter':
    case ' ':
      if (open !== null) expand(n, open !== 'true');
      break;
    default:
      return;
  }
  ev.preventDefault();
});

$('expand-all').addEventListener('click', () => {
  if (!state.model) return;
  const all = (n) => {
    expand(n);
    visibleChildren(n).forEach(all);
  };
  state.model.roots.forEach(all);
});

$('collapse-all').addEventListener('click', () => {
  ui.tree.querySelectorAll('[aria-expanded=true]').forEach((li) => expand(nodeOf.get(li), false));
});

ui.showEmpty.addEventListener('change', () => {
  const sel = state.selected;
  renderTree();
  if (sel && (ui.showEmpty.checked || !sel.empty)) reveal(sel);
});

// ---- find by path ------------------------------------------------------------------------------

$('path-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const path = ui.pathInput.value.trim();
  const out = ui.pathResult;
  out.className = 'path-result';
  if (!state.msg || !path) {
    out.textContent = '';
    return;
  }
  try {
    const v = state.msg.get(path);
    out.textContent = v === null ? 'null (not present)' : JSON.stringify(v);
    if (v === null) out.classList.add('none');
    // Select the part in the tree when it is one (izkit's canonical form drops [1]).
    const key = path.replace(/\[1\]/g, '');
    const n = state.model.byKey.get(key) ?? nearestNode(key);
    if (n) reveal(n);
  } catch (e) {
    out.textContent = `${e.name}: ${e.message}`;
    out.classList.add('bad');
  }
});

/** The node for a path that names a part the tree does not split further (PID-7.1 → PID-7). */
function nearestNode(key) {
  for (let k = key; k; ) {
    const n = state.model.byKey.get(k);
    if (n) return n;
    const cut = Math.max(k.lastIndexOf('.'), k.lastIndexOf('['));
    if (cut <= 0) return null;
    k = k.slice(0, cut);
  }
  return null;
}

// ---- the text: highlights and cursor → tree ----------------------------------------------------

function drawHighlights() {
  const text = state.text;
  const m = state.mark;
  const hl = ui.highlights;
  if (!m) {
    hl.textContent = text + '\n';
    return;
  }
  const a = indexOfByte(text, m.start);
  let b = indexOfByte(text, m.end);
  if (m.kind !== 'sel' && b <= a) b = a + 1;
  const mark = document.createElement('mark');
  mark.className = m.kind;
  const inner = text.slice(a, b);
  // An error at a line end or at the end of the text still gets a visible mark.
  mark.textContent = inner === '' || inner === '\n' ? ' ' + inner : inner;
  hl.replaceChildren(text.slice(0, a), mark, text.slice(b) + '\n');
}

function syncScroll() {
  ui.highlights.parentElement.scrollTop = ui.input.scrollTop;
  ui.highlights.parentElement.scrollLeft = ui.input.scrollLeft;
}
ui.input.addEventListener('scroll', syncScroll);

/** Scrolls the textarea so byte offset `b` is in view (without moving the focus). */
function scrollTextTo(b) {
  const mark = ui.highlights.querySelector('mark');
  if (!mark) return;
  const top = mark.offsetTop - 12;
  const view = ui.input.clientHeight;
  if (top < ui.input.scrollTop || top > ui.input.scrollTop + view - 40) {
    ui.input.scrollTop = Math.max(0, top - view / 3);
    syncScroll();
  }
  void b;
}

let caretTimer = 0;
function onCaret() {
  clearTimeout(caretTimer);
  caretTimer = setTimeout(() => {
    if (!state.msg || ui.input.value !== state.text) return;
    const b = byteOfIndex(state.text, ui.input.selectionStart);
    const path = state.msg.locate(b);
    const n = path && (state.model.byKey.get(path) ?? nearestNode(path));
    if (n) reveal(n, { fromText: true });
  }, 60);
}
ui.input.addEventListener('click', onCaret);
ui.input.addEventListener('keyup', (ev) => {
  if (ev.key.startsWith('Arrow') || ev.key === 'Home' || ev.key === 'End' || ev.key.startsWith('Page')) onCaret();
});

// ---- parsing -----------------------------------------------------------------------------------

function visible(ch) {
  const c = ch.charCodeAt(0);
  if (ch === '\n') return '↵\n';
  if (ch === '\t') return '⇥';
  if (c < 0x20) return String.fromCharCode(0x2400 + c); // control pictures
  if (c === 0x7f) return '␡';
  return ch;
}

function showError(e) {
  const isIzkit = typeof e?.code === 'string';
  ui.error.hidden = false;
  $('error-name').textContent = isIzkit ? e.name : 'Error';
  $('error-code').textContent = isIzkit ? e.code : '';
  $('error-message').textContent = e.message;
  $('error-offset').textContent = isIzkit ? String(e.offset) : '–';
  $('error-line').textContent = isIzkit ? String(e.line) : '–';
  $('error-path').textContent = isIzkit && e.path ? e.path : '–';
  const text = state.text;
  const at = indexOfByte(text, isIzkit ? e.offset : 0);
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  let lineEnd = text.indexOf('\n', at);
  if (lineEnd < 0) lineEnd = text.length;
  const from = Math.max(lineStart, at - 60);
  const to = Math.min(lineEnd, at + 60);
  const pre = $('error-excerpt');
  const mark = document.createElement('mark');
  mark.textContent = at < text.length ? visible(text[at]) : '␄';
  mark.title = `byte ${e.offset}`;
  pre.replaceChildren(
    (from > lineStart ? '…' : '') + text.slice(from, at),
    mark,
    text.slice(at + 1, to) + (to < lineEnd ? '…' : ''),
  );
  state.mark = isIzkit ? { start: e.offset, end: e.offset + 1, kind: 'err' } : null;
  drawHighlights();
  scrollTextTo(e.offset);
}

$('goto-error').addEventListener('click', () => {
  if (!state.error) return;
  const at = indexOfByte(state.text, state.error.offset);
  ui.input.focus();
  ui.input.setSelectionRange(at, Math.min(at + 1, state.text.length));
  scrollTextTo(state.error.offset);
});

function describe(msg) {
  const type = msg.get('MSH-9') ?? 'message';
  const n = msg.segmentCount;
  return `Parsed ${type}: ${n} segment${n === 1 ? '' : 's'}, ${utf8Length(state.text).toLocaleString('en-US')} bytes.`;
}

function update() {
  const text = ui.input.value;
  if (text === state.text && (state.msg || state.error)) return;
  state.text = text;
  if (state.msg) state.msg.free();
  state.msg = null;
  state.error = null;
  state.model = null;
  state.selected = null;
  state.mark = null;
  state.report = null;
  state.marks = null;
  ui.error.hidden = true;
  ui.pathResult.textContent = '';
  clearDetail();
  if (text.trim() === '') {
    ui.status.textContent = 'No message yet.';
    ui.status.className = 'status';
    renderTree();
    drawHighlights();
    showSummary();
    renderViews();
    return;
  }
  try {
    const t0 = performance.now();
    state.msg = parse(text);
    state.model = buildModel(state.msg);
    const ms = performance.now() - t0;
    ui.status.textContent = `${describe(state.msg)} (${ms < 1 ? '<1' : ms.toFixed(0)} ms)`;
    ui.status.className = 'status ok';
    if (state.validating) runValidation();
  } catch (e) {
    state.error = e;
    ui.status.textContent = `Not a valid message: ${e.code ?? e.name} at byte ${e.offset ?? 0}.`;
    ui.status.className = 'status bad';
    showError(e);
  }
  renderTree();
  if (!state.error) drawHighlights();
  showSummary();
  renderViews();
}

let inputTimer = 0;
ui.input.addEventListener('input', (ev) => {
  clearTimeout(inputTimer);
  const delay = ev.inputType === 'insertFromPaste' || ev.inputType === 'insertFromDrop' ? 0 : 150;
  inputTimer = setTimeout(update, delay);
});

/** Puts text in the editor (line breaks as the textarea keeps them: LF) and parses it. */
function load(text) {
  ui.input.value = text.replace(/\r\n?/g, '\n');
  ui.input.scrollTop = 0;
  syncScroll();
  update();
}

/** Text of a dropped or opened file: izkit reads the bytes (UTF-8, or ISO-8859-1 per MSH-18). */
function textOfBytes(bytes) {
  try {
    const m = parse(bytes);
    const t = m.toString();
    m.free();
    return t;
  } catch {
    return new TextDecoder().decode(bytes); // show it anyway: the error appears on parse
  }
}

async function openFile(file) {
  if (!file) return;
  load(textOfBytes(new Uint8Array(await file.arrayBuffer())));
}

$('load-sample').addEventListener('click', async () => {
  const res = await fetch(ui.sample.value);
  load(await res.text());
});
$('clear').addEventListener('click', () => {
  load('');
  ui.input.focus();
});
$('open-file').addEventListener('click', () => ui.fileInput.click());
ui.fileInput.addEventListener('change', () => openFile(ui.fileInput.files[0]));

for (const type of ['dragenter', 'dragover']) {
  ui.editor.addEventListener(type, (ev) => {
    if (![...(ev.dataTransfer?.types ?? [])].includes('Files')) return;
    ev.preventDefault();
    ui.editor.classList.add('dragging');
  });
}
ui.editor.addEventListener('dragleave', (ev) => {
  if (!ui.editor.contains(ev.relatedTarget)) ui.editor.classList.remove('dragging');
});
ui.editor.addEventListener('drop', (ev) => {
  ui.editor.classList.remove('dragging');
  const file = ev.dataTransfer?.files?.[0];
  if (!file) return; // dropped text: the textarea inserts it and fires input
  ev.preventDefault();
  openFile(file);
});

// ---- validation ------------------------------------------------------------------------------

/** Validates the parsed message (izkit's validateReport) and marks the findings. */
function runValidation() {
  state.report = null;
  state.marks = null;
  if (!state.msg) return;
  try {
    const t0 = performance.now();
    state.report = validateReport(state.msg, ui.profile.value || null);
    state.validationMs = performance.now() - t0;
    computeMarks();
  } catch (e) {
    state.report = { profile: '', findings: [], error: e };
  }
}

function showSummary() {
  const out = ui.summary;
  out.className = 'validation-summary';
  if (!state.validating) return;
  const r = state.report;
  if (!state.msg) {
    out.textContent = state.error ? 'The message did not parse: nothing to validate.' : 'No message to validate.';
    return;
  }
  if (!r) return;
  if (r.error) {
    out.textContent = `${r.error.name}: ${r.error.message}`;
    out.classList.add('bad');
    return;
  }
  const worst = worstOf(r.findings);
  out.classList.add(worst ? `sev-${worst}` : 'clean');
  const against = r.profile ? `Validated against ${r.profile}` : 'No profile fits this message';
  const ms = state.validationMs < 1 ? '<1' : state.validationMs.toFixed(0);
  out.textContent = `${against}: ${countText(r.findings)} (${ms} ms).`;
}

/** A list item showing finding `f`; selecting it shows the part in the tree and the text. */
function findingItem(f) {
  const li = document.createElement('li');
  li.className = `finding sev-${f.severity}`;
  const head = document.createElement('div');
  head.className = 'finding-head';
  const sev = document.createElement('span');
  sev.className = 'sev';
  sev.textContent = `${ICON[f.severity]} ${f.severity}`;
  const code = document.createElement('code');
  code.className = 'code';
  code.textContent = f.app_code !== null ? `${f.code}/${f.app_code}` : String(f.code);
  code.title = 'HL7 table 0357 code / CDC table 0533 code';
  const where = document.createElement('code');
  where.className = 'where';
  where.textContent = f.path ?? 'message';
  where.title = f.location ? `ERL ${f.location}` : 'the whole message';
  head.append(sev, code, where);
  if (f.rule) {
    const rule = document.createElement('span');
    rule.className = 'rule';
    rule.textContent = f.rule;
    head.append(rule);
  }
  const text = document.createElement('div');
  text.className = 'finding-text';
  text.textContent = f.text;
  li.append(head, text);
  return li;
}

function renderFindings(s) {
  const r = s.report;
  ui.findings.replaceChildren();
  ui.findingsEmpty.hidden = !!(r && !r.error && r.findings.length);
  if (!s.msg) {
    ui.findingsEmpty.textContent = s.error ? 'The message did not parse.' : 'Paste or load a message, then press Validate.';
    return;
  }
  if (!r) {
    ui.findingsEmpty.textContent = 'Press Validate to check the message.';
    return;
  }
  if (r.error) {
    ui.findingsEmpty.textContent = `${r.error.name}: ${r.error.message}`;
    return;
  }
  if (!r.findings.length) {
    ui.findingsEmpty.textContent = `No findings: the message meets ${r.profile}.`;
    return;
  }
  r.findings.forEach((f, i) => {
    const li = findingItem(f);
    li.tabIndex = 0;
    li.dataset.index = String(i);
    li.setAttribute('role', 'button');
    ui.findings.append(li);
  });
}

/** Shows finding number `i` of the report: its part selected in the tree, its range marked. */
function showFinding(i) {
  const f = state.report?.findings[i];
  if (!f) return;
  showTab('tree');
  const n = nodeOfFinding(f);
  if (n) reveal(n);
  if (f.range) {
    state.mark = { start: f.range[0], end: f.range[1], kind: f.severity === 'error' ? 'err' : 'warn' };
    drawHighlights();
    scrollTextTo(f.range[0]);
  }
}

ui.findings.addEventListener('click', (ev) => {
  const li = ev.target.closest('[data-index]');
  if (li) showFinding(Number(li.dataset.index));
});
ui.findings.addEventListener('keydown', (ev) => {
  const li = ev.target.closest('[data-index]');
  if (li && (ev.key === 'Enter' || ev.key === ' ')) {
    ev.preventDefault();
    showFinding(Number(li.dataset.index));
  }
});

function validateNow() {
  state.validating = true;
  ui.validate.setAttribute('aria-pressed', 'true');
  runValidation();
  const sel = state.selected;
  renderTree();
  if (sel) reveal(sel, { scroll: false });
  showSummary();
  renderViews();
}

ui.validate.addEventListener('click', validateNow);
ui.profile.addEventListener('change', () => {
  if (state.validating) validateNow();
});

const ACK_MEANING = {
  AA: 'accepted',
  AE: 'processed, with errors',
  AR: 'rejected (message type, event, processing id or version not supported)',
};

function renderAck(s) {
  const pre = $('ack');
  const summary = $('ack-summary');
  if (!s.msg) {
    pre.textContent = '';
    summary.textContent = s.error ? 'The message did not parse: there is nothing to acknowledge.' : '';
    return;
  }
  let report = s.report;
  if (!report) {
    try {
      report = validateReport(s.msg, ui.profile.value || null);
    } catch (e) {
      pre.textContent = '';
      summary.textContent = `${e.name}: ${e.message}`;
      return;
    }
  }
  if (report.error) {
    pre.textContent = '';
    summary.textContent = `${report.error.name}: ${report.error.message}`;
    return;
  }
  const reply = ack(s.msg, report.findings);
  const code = reply.get('MSA-1');
  summary.textContent = `${reply.get('MSH-9')}, MSA-1 ${code}: ${ACK_MEANING[code] ?? ''}.`;
  summary.className = `ack-summary ack-${code}`;
  pre.textContent = reply.toString().replace(/\r\n?/g, '\n');
  reply.free();
}

// ---- FHIR ----------------------------------------------------------------------------------------

/** The Bundle last shown, for "Use this Bundle". */
let shownBundle = null;

/** A foldable block: a <details> titled `title` holding `value` as indented JSON. */
function jsonBlock(title, value, open) {
  const d = document.createElement('details');
  d.className = 'fhir-entry';
  d.open = open;
  const sum = document.createElement('summary');
  sum.textContent = title;
  const pre = document.createElement('pre');
  pre.className = 'json';
  pre.textContent = JSON.stringify(value, null, 2);
  d.append(sum, pre);
  return d;
}

function renderFhir(s) {
  const box = $('fhir-entries');
  const summary = $('fhir-summary');
  box.replaceChildren();
  shownBundle = null;
  summary.className = 'ack-summary';
  if (!s.msg) {
    summary.textContent = s.error ? 'The message did not parse: there is nothing to convert.' : '';
    return;
  }
  const offset = $('fhir-offset').value;
  let bundle;
  try {
    bundle = toFhir(s.msg, offset === '' ? {} : { localOffset: Number(offset) });
  } catch (e) {
    summary.textContent = `${e.name} ${e.code}: ${e.message}`;
    summary.classList.add('ack-AR');
    return;
  }
  shownBundle = bundle;
  const entries = bundle.entry ?? [];
  const types = entries.map((e) => e.resource.resourceType);
  summary.textContent = `Bundle (${bundle.type}): ${entries.length} entries — ${types.join(', ')}.`;
  const { entry, ...head } = bundle;
  box.append(jsonBlock('Bundle', head, true));
  entries.forEach((e, i) => {
    const r = e.resource;
    const what = r.resourceType === 'Immunization' ? ` · ${r.status ?? ''} ${r.vaccineCode?.coding?.[0]?.code ?? ''}` : '';
    box.append(jsonBlock(`entry[${i}] ${r.resourceType}${what}`, e, true));
  });
}

/** Converts the FHIR JSON in the box to v2 and shows the messages, one segment per line. */
function convertFhirBack() {
  const status = $('fhir-back-status');
  const out = $('fhir-back');
  const open = $('fhir-open');
  status.className = 'ack-summary';
  try {
    const text = fromFhir($('fhir-input').value);
    const msgs = parseMany(text);
    const kinds = msgs.map((m) => m.get('MSH-9')).join(', ');
    for (const m of msgs) m.free();
    out.textContent = text.replace(/\r/g, '\n');
    out.dataset.text = text;
    status.textContent = `${msgs.length === 1 ? 'One message' : `${msgs.length} messages`}: ${kinds}.`;
    status.classList.add('ack-AA');
    open.disabled = false;
  } catch (e) {
    out.textContent = '';
    delete out.dataset.text;
    status.textContent = `${e.name} ${e.code ?? ''}: ${e.message}`;
    status.classList.add('ack-AR');
    open.disabled = true;
  }
}

$('fhir-offset').addEventListener('change', () => renderFhir(state));
$('fhir-expand').addEventListener('click', () => {
  for (const d of $('fhir-entries').querySelectorAll('details')) d.open = true;
});
$('fhir-collapse').addEventListener('click', () => {
  for (const d of $('fhir-entries').querySelectorAll('details')) d.open = false;
});
$('fhir-use').addEventListener('click', () => {
  if (shownBundle) $('fhir-input').value = JSON.stringify(shownBundle, null, 2);
});
$('fhir-convert').addEventListener('click', convertFhirBack);
$('fhir-open').addEventListener('click', () => {
  const text = $('fhir-back').dataset.text;
  if (!text) return;
  ui.input.value = text.replace(/\r/g, '\n');
  showTab('tree');
  update();
});

// ---- Share ---------------------------------------------------------------------------------------

/** The policy pasted in the Share view, compiled once per text: [text, Policy]. */
let sharePolicy = null;

function policyOfPage() {
  if ($('share-policy-mode').value !== 'custom') return null;
  const text = $('share-policy').value;
  if (sharePolicy && sharePolicy[0] === text) return sharePolicy[1];
  if (sharePolicy) sharePolicy[1].free();
  sharePolicy = null;
  const p = new Policy(text);
  sharePolicy = [text, p];
  return p;
}

function renderShare(s) {
  const box = $('share-decisions');
  const summary = $('share-summary');
  const red = $('share-redacted');
  box.replaceChildren();
  summary.className = 'ack-summary';
  red.textContent = '';
  if (!s.msg) {
    summary.textContent = s.error ? 'The message did not parse: there is nothing to route.' : '';
    return;
  }
  red.textContent = redact(s.msg).replace(/\r\n?/g, '\n');
  let routing;
  try {
    routing = routeReport(s.msg, policyOfPage(), { reveal: $('share-reveal').checked });
  } catch (e) {
    summary.textContent = `${e.name} ${e.code ?? ''}: ${e.message}`;
    summary.classList.add('ack-AR');
    return;
  }
  const sends = routing.decisions.filter((d) => d.action === 'send').map((d) => d.destination);
  const held = routing.decisions.some((d) => d.action === 'hold');
  summary.textContent = held
    ? 'Held: nothing is sent (see the reasons).'
    : sends.length
      ? `Sent to ${sends.join(', ')}.`
      : 'Sent nowhere.';
  summary.classList.add(held ? 'ack-AE' : sends.length ? 'ack-AA' : 'ack-AR');
  for (const d of routing.decisions) {
    const det = document.createElement('details');
    det.className = 'fhir-entry';
    det.open = true;
    const sum = document.createElement('summary');
    sum.textContent = `${d.action} ${d.destination ?? '(whole message)'}`;
    const ul = document.createElement('ul');
    for (const r of d.reasons) {
      const li = document.createElement('li');
      li.textContent = r;
      ul.append(li);
    }
    det.append(sum, ul);
    if (d.rules.length) {
      const p = document.createElement('p');
      p.className = 'help';
      p.textContent = `rules: ${d.rules.join(', ')}`;
      det.append(p);
    }
    if (d.hl7) {
      const pre = document.createElement('pre');
      pre.className = 'json ack-text';
      pre.textContent = d.hl7.replace(/\r\n?/g, '\n');
      det.append(pre);
    }
    box.append(det);
  }
  box.append(jsonBlock('facts', routing.facts, false));
}

$('share-policy-mode').addEventListener('change', () => {
  $('share-policy').hidden = $('share-policy-mode').value !== 'custom';
  renderShare(state);
});
$('share-policy').addEventListener('change', () => renderShare(state));
$('share-reveal').addEventListener('change', () => renderShare(state));

// ---- views (tabs) ------------------------------------------------------------------------------

const VIEWS = {
  tree: () => {}, // kept current by update()
  findings: renderFindings,
  ack: renderAck,
  fhir: renderFhir,
  share: renderShare,
  json: (s) => {
    $('json').textContent = s.msg
      ? JSON.stringify(s.msg.toJSON(), null, 1)
      : s.error
        ? '(the message did not parse)'
        : '';
  },
};

const panels = [...document.querySelectorAll('[role=tabpanel][data-tab]')];
let current = panels[0].dataset.tab;

function renderViews() {
  VIEWS[current]?.(state);
}

function showTab(name, focus = false) {
  current = name;
  for (const p of panels) {
    const on = p.dataset.tab === name;
    p.hidden = !on;
    const tab = $(`tab-${p.dataset.tab}`);
    tab.setAttribute('aria-selected', String(on));
    tab.tabIndex = on ? 0 : -1;
    if (on && focus) tab.focus();
  }
  renderViews();
}

for (const p of panels) {
  const tab = document.createElement('button');
  tab.type = 'button';
  tab.setAttribute('role', 'tab');
  tab.id = `tab-${p.dataset.tab}`;
  tab.setAttribute('aria-controls', p.id);
  tab.textContent = p.dataset.label;
  p.setAttribute('aria-labelledby', tab.id);
  tab.addEventListener('click', () => showTab(p.dataset.tab));
  ui.tablist.append(tab);
}
ui.tablist.addEventListener('keydown', (ev) => {
  const i = panels.findIndex((p) => p.dataset.tab === current);
  const n = panels.length;
  const to = { ArrowRight: (i + 1) % n, ArrowLeft: (i - 1 + n) % n, Home: 0, End: n - 1 }[ev.key];
  if (to === undefined) return;
  ev.preventDefault();
  showTab(panels[to].dataset.tab, true);
});
showTab(current);

// ---- start -------------------------------------------------------------------------------------

try {
  await init();
  document.documentElement.dataset.ready = 'true';
  ui.status.textContent = 'Ready. Paste, type, open or drop a message, or load the sample.';
  if (ui.input.value) update();
} catch (e) {
  ui.status.textContent = `Could not load izkit (WebAssembly): ${e.message}`;
  ui.status.className = 'status bad';
}

// For tests and the curious: the page's state.
window.izkitDemo = { state, load, validateNow, fhirBundle: () => shownBundle };
