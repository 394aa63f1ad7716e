// smskit inbox web UI: no framework, no external assets. Every value from
// a message is written with textContent, never parsed as HTML.
"use strict";

const classes = [
  ["throttling", "Throttling"],
  ["number_limit", "Per-number limit"],
  ["invalid_number", "Invalid number"],
  ["sign_refused", "Sign refused"],
  ["template_refused", "Template refused"],
  ["out_of_balance", "Out of balance"],
  ["drop_after_accept", "Connection dropped after acceptance"],
  ["latency", "Latency"],
];

const $ = (id) => document.getElementById(id);
let loadTimer = null;
let loadSeq = 0;
let rendered = 0; // lists rendered, in data-rendered: tests wait on it

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

async function api(method, path, body) {
  const init = { method, headers: {} };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const resp = await fetch(path, init);
  if (!resp.ok && resp.status !== 204) {
    let msg = resp.statusText;
    try { msg = (await resp.json()).error || msg; } catch (e) { /* not JSON */ }
    throw new Error(msg);
  }
  return resp.status === 204 ? null : resp.json();
}

function scheduleLoad() {
  clearTimeout(loadTimer);
  loadTimer = setTimeout(load, 100);
}

async function load() {
  const seq = ++loadSeq;
  const q = $("search").value.trim();
  const list = await api("GET", "/api/v1/messages?limit=500&q=" + encodeURIComponent(q));
  if (seq !== loadSeq) return; // a newer load is under way
  render(list);
}

function render(list) {
  document.body.dataset.rendered = String(++rendered);
  const threads = new Map(); // number → messages, newest thread first
  for (const m of list.messages) {
    if (!threads.has(m.number)) threads.set(m.number, []);
    threads.get(m.number).push(m);
  }
  const main = $("threads");
  main.replaceChildren();
  $("summary").textContent = list.total + (list.total === 1 ? " message" : " messages") +
    " in " + threads.size + (threads.size === 1 ? " thread" : " threads");
  if (list.messages.length === 0) {
    main.append($("empty").content.cloneNode(true));
    return;
  }
  for (const [number, msgs] of threads) {
    const sec = el("section", "thread");
    sec.dataset.number = number;
    const h = el("h2");
    h.append(el("span", "number", number), el("span", "count", msgs.length + (msgs.length === 1 ? " message" : " messages")));
    sec.append(h);
    for (const m of msgs) sec.append(renderMessage(m));
    main.append(sec);
  }
}

function renderMessage(m) {
  const a = el("article", "msg");
  a.dataset.id = m.id;
  a.dataset.status = m.status;
  a.append(el("p", "text", m.text));
  if (m.code) {
    const c = el("div", "code");
    const v = el("span", "code-value", m.code);
    const b = el("button", "copy", "Copy code");
    b.type = "button";
    b.dataset.code = m.code;
    b.addEventListener("click", () => copy(m.code, b));
    c.append(v, b);
    a.append(c);
  }
  const meta = el("div", "meta");
  const t = new Date(m.time);
  meta.append(
    el("span", "provider", m.provider),
    el("time", "time", t.toLocaleString()),
  );
  if (m.sign) meta.append(el("span", "sign", "sign: " + m.sign));
  if (m.template) meta.append(el("span", "template", "template: " + m.template));
  if (m.kind) meta.append(el("span", "kind", m.kind));
  const st = el("span", "status " + m.status, m.status + (m.errCode && m.status !== "delivered" ? " (" + m.errCode + ")" : ""));
  meta.append(st);
  a.append(meta);
  const ctl = el("div", "controls");
  if (m.provider === "aliyun" || (m.provider === "twilio" && m.kind !== "Verification")) {
    const d = el("button", "deliver", "Deliver now");
    d.type = "button";
    d.addEventListener("click", () => receipt(m.id, "delivered"));
    const f = el("button", "fail", "Fail now");
    f.type = "button";
    f.addEventListener("click", () => receipt(m.id, "failed"));
    ctl.append(d, f);
  }
  const del = el("button", "delete danger", "Delete");
  del.type = "button";
  del.addEventListener("click", () => api("DELETE", "/api/v1/messages/" + encodeURIComponent(m.id)).then(scheduleLoad, report));
  ctl.append(del);
  a.append(ctl);
  return a;
}

async function copy(code, button) {
  try {
    await navigator.clipboard.writeText(code);
  } catch (e) {
    const ta = el("textarea");
    ta.value = code;
    document.body.append(ta);
    ta.select();
    document.execCommand("copy");
    ta.remove();
  }
  button.textContent = "Copied";
  setTimeout(() => { button.textContent = "Copy code"; }, 1500);
}

function receipt(id, status) {
  api("POST", "/api/v1/messages/" + encodeURIComponent(id) + "/receipt", { status }).then(scheduleLoad, report);
}

function report(err) {
  $("summary").textContent = "Error: " + err.message;
}

function buildChaos() {
  const rows = $("chaos-rows");
  for (const [key, label] of classes) {
    const l = el("label", "row", label + " ");
    const i = el("input");
    i.type = "number";
    i.min = "0";
    i.max = "100";
    i.step = "1";
    i.value = "0";
    i.id = "chaos-" + key;
    i.setAttribute("aria-label", label + " probability (%)");
    l.append(i);
    rows.append(l);
  }
  $("chaos-form").addEventListener("submit", (e) => { e.preventDefault(); applyChaos(false); });
  $("chaos-off").addEventListener("click", () => applyChaos(true));
}

async function applyChaos(off) {
  const probability = {};
  for (const [key] of classes) {
    const v = off ? 0 : Number($("chaos-" + key).value || 0);
    probability[key] = v;
  }
  const latencyMs = Number($("chaos-latencyMs").value || 0);
  try {
    showChaos(await api("PUT", "/api/v1/chaos", { probability, latencyMs }));
    $("chaos-error").textContent = "";
  } catch (e) {
    $("chaos-error").textContent = e.message;
  }
}

function showChaos(c) {
  let on = 0;
  for (const [key] of classes) {
    const v = c.probability[key] || 0;
    if (document.activeElement !== $("chaos-" + key)) $("chaos-" + key).value = String(v);
    if (v > 0) on++;
  }
  if (c.latencyMs) $("chaos-latencyMs").value = String(c.latencyMs);
  const s = $("chaos-state");
  s.textContent = on ? "(" + on + " on)" : "(off)";
  s.className = on ? "on" : "";
  document.body.dataset.chaos = on ? "on" : "off";
}

function connect() {
  const es = new EventSource("/api/v1/events");
  es.addEventListener("hello", () => { $("live").textContent = "● live"; $("live").className = "on"; scheduleLoad(); });
  for (const name of ["message", "delete", "clear", "receipt"]) es.addEventListener(name, scheduleLoad);
  es.addEventListener("chaos", (e) => showChaos(JSON.parse(e.data)));
  es.onerror = () => { $("live").textContent = "reconnecting…"; $("live").className = ""; };
}

$("search").addEventListener("input", scheduleLoad);
$("clear").addEventListener("click", () => {
  if (confirm("Delete every message in the inbox?")) api("DELETE", "/api/v1/messages").then(scheduleLoad, report);
});
buildChaos();
api("GET", "/api/v1/chaos").then(showChaos, report);
load().catch(report);
connect();
// Delivery statuses change with time: refresh now and then, unless the
// address says ?poll=0 (the browser tests use it to prove live updates).
if (new URLSearchParams(location.search).get("poll") !== "0") setInterval(scheduleLoad, 5000);
