// The sampler's page: plain JavaScript so it opens on any phone without a server connection (no Blazor
// circuit to keep alive at a sampling site with poor coverage). Every scan is stored on the phone before
// it is sent, and is removed only once the server has answered for it: nothing scanned is ever lost.
(() => {
    "use strict";

    const KEY = {
        auth: "frontline.sampler.auth",
        setup: "frontline.sampler.setup",
        lists: "frontline.sampler.lists",
        tube: "frontline.sampler.tube",
        queue: "frontline.sampler.queue",
        rejected: "frontline.sampler.rejected",
        sealed: "frontline.sampler.sealed",
        revoke: "frontline.sampler.revoke",
    };
    const POOL_SIZES = [1, 5, 10, 20];
    const BATCH = 100;
    const MAX_BACKOFF_MS = 60_000;
    // Times on screen are Beijing time whatever the phone is set to, as on every Frontline page and document.
    const CHINA = "Asia/Shanghai";

    // The server says what went wrong; these say what the sampler does about it, at the site, now.
    const WHAT_TO_DO = {
        "invalid-id-checksum": "请核对证件后重新扫描",
        "tube-full": "这个人需要换一支新的采样管重新采样",
        "tube-in-other-round": "请换一支新的采样管，为这一管的人重新采样",
        "tube-resulted": "请换一支新的采样管，为这个人重新采样",
        "already-sampled": "不用重复采样",
        "retest-needs-single-tube": "请用单采管为这个人单独重新采样",
        "round-closed": "请核对手机时间，或点“更换”选择进行中的轮次",
        "unknown-round": "请点“更换”重新选择轮次",
        "unknown-site": "请点“更换”重新选择采样点",
    };

    // ---------------------------------------------------------------- storage

    function load(key, fallback) {
        try {
            const raw = localStorage.getItem(key);
            return raw === null ? fallback : JSON.parse(raw);
        } catch {
            return fallback;
        }
    }
    function save(key, value) {
        if (value === null || value === undefined) localStorage.removeItem(key);
        else localStorage.setItem(key, JSON.stringify(value));
    }

    // ---------------------------------------------------------------- resident IDs (GB 11643-1999)

    const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK_CHARS = "10X98765432";

    /** Reads a scanned document number: {id} when usable, {error} in a sampler's words when not. */
    function checkIdNumber(raw) {
        const text = raw.trim().toUpperCase();
        if (text.length === 0) return { error: "请扫描或输入证件号码" };
        // As the server does: 18 characters or all digits is a resident ID and must pass its checksum;
        // anything else is another document (passport, permit) the server looks up as given.
        const looksResident = text.length === 18 || /^\d+$/.test(text);
        if (!looksResident) {
            if (!/^[A-Z0-9-]{5,32}$/.test(text)) return { error: "证件号码格式不正确，请重新扫描" };
            return { id: text };
        }
        if (!/^\d{17}[\dX]$/.test(text)) return { error: `身份证号码应为18位（现在是${text.length}位），请重新扫描` };
        let sum = 0;
        for (let i = 0; i < 17; i++) sum += (text.charCodeAt(i) - 48) * WEIGHTS[i];
        if (CHECK_CHARS[sum % 11] !== text[17]) return { error: "身份证号码校验位不正确，可能扫错或输错，请重新扫描或核对证件" };
        return { id: text };
    }

    function maskId(id) {
        return id.length === 18 ? id.slice(0, 6) + "********" + id.slice(14) : id.slice(0, 2) + "****" + id.slice(-2);
    }

    // ---------------------------------------------------------------- time

    /** ISO 8601 with the phone's own offset (the contract wants an offset, not a bare UTC "Z"). */
    function isoWithOffset(date) {
        const pad = (n, w = 2) => String(Math.abs(n)).padStart(w, "0");
        const off = -date.getTimezoneOffset();
        return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:` +
            `${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}${off >= 0 ? "+" : "-"}${pad(Math.trunc(off / 60))}:${pad(off % 60)}`;
    }

    // ---------------------------------------------------------------- state

    let auth = load(KEY.auth, null);
    let setup = load(KEY.setup, null);
    let lists = load(KEY.lists, { rounds: [], sites: [] });
    let tube = load(KEY.tube, null);
    let rejected = load(KEY.rejected, []);
    let sealed = load(KEY.sealed, []);
    // The queue is re-read from storage on every change so that a second tab's scans are never overwritten.
    const queue = {
        all: () => load(KEY.queue, []),
        add(event) { save(KEY.queue, [...queue.all(), event]); },
        remove(ids) {
            const gone = new Set(ids);
            save(KEY.queue, queue.all().filter(e => !gone.has(e.eventId)));
        },
    };

    const $ = id => document.getElementById(id);
    const screens = ["screen-sign-in", "screen-setup", "screen-scan"];

    function tokenValid() {
        return auth && auth.token && Date.parse(auth.expiresAt) > Date.now() + 60_000;
    }

    function show(screen) {
        for (const s of screens) $(s).hidden = s !== screen;
        if (screen === "screen-sign-in") {
            $("username").value = auth?.username ?? $("username").value;
            (auth?.username ? $("password") : $("username")).focus();
        }
        if (screen === "screen-scan") focusScan();
        renderBar();
    }

    // ---------------------------------------------------------------- server calls

    async function api(path, options = {}) {
        const headers = { "Accept": "application/json", "Accept-Language": "zh-CN", ...(options.headers ?? {}) };
        if (options.body !== undefined) headers["Content-Type"] = "application/json";
        if (auth?.token && !options.anonymous) headers["Authorization"] = `Bearer ${auth.token}`;
        return fetch(path, {
            method: options.method ?? "GET", headers, cache: "no-store",
            body: options.body === undefined ? undefined : JSON.stringify(options.body),
        });
    }

    async function problemText(response) {
        try {
            const problem = await response.json();
            return problem.detail || problem.title || `HTTP ${response.status}`;
        } catch {
            return `HTTP ${response.status}`;
        }
    }

    // ---------------------------------------------------------------- sign-in

    $("sign-in-form").addEventListener("submit", async e => {
        e.preventDefault();
        const error = $("sign-in-error");
        error.hidden = true;
        const button = $("sign-in");
        button.disabled = true;
        button.textContent = "正在登录…";
        try {
            const username = $("username").value.trim();
            const response = await api("/api/auth/token", {
                method: "POST", anonymous: true, body: { username, password: $("password").value },
            });
            if (!response.ok) {
                error.textContent = response.status === 401 ? "用户名或密码错误" : await problemText(response);
                error.hidden = false;
                return;
            }
            const answer = await response.json();
            auth = { token: answer.token, expiresAt: answer.expiresAt, username, roles: answer.roles, jurisdiction: answer.jurisdiction };
            save(KEY.auth, auth);
            $("password").value = "";
            $("auth-notice").hidden = true;
            // Rounds and sites saved from an earlier sign-in still serve when this fetch fails.
            await loadLists().catch(() => { });
            if (listsHaveSetup()) {
                show("screen-scan");
                renderScan();
            } else openSetup();
            kickSender();
        } catch {
            error.textContent = "无法连接服务器，请检查网络后再试";
            error.hidden = false;
        } finally {
            button.disabled = false;
            button.textContent = "登录";
        }
    });

    $("auth-notice-sign-in").addEventListener("click", () => show("screen-sign-in"));

    $("sign-out").addEventListener("click", () => {
        const waiting = queue.all().length;
        const question = waiting > 0
            ? `还有 ${waiting} 条采样记录未上传。退出后记录仍保存在本机，下次登录后继续上传。确定退出？`
            : "确定退出登录？";
        if (!confirm(question)) return;
        if (auth?.token) save(KEY.revoke, [...load(KEY.revoke, []), { token: auth.token, expiresAt: auth.expiresAt }]);
        auth = { username: auth?.username };
        save(KEY.auth, auth);
        show("screen-sign-in");
        sendRevocations();
    });

    // Signing out revokes the token on the server, so a copy of it left anywhere stops working too. Offline, the
    // token waits here (it was stored here anyway) and is revoked as soon as the network answers.
    async function sendRevocations() {
        for (const item of load(KEY.revoke, [])) {
            if (Date.parse(item.expiresAt) > Date.now()) {
                try {
                    const response = await fetch("/api/auth/logout", {
                        method: "POST", headers: { "Authorization": `Bearer ${item.token}` }, cache: "no-store",
                    });
                    // 401: revoked or expired already. Anything else but success: try again later.
                    if (!response.ok && response.status !== 401) continue;
                } catch {
                    continue;
                }
            }
            save(KEY.revoke, load(KEY.revoke, []).filter(t => t.token !== item.token));
        }
    }

    // ---------------------------------------------------------------- rounds and sites

    async function loadLists() {
        const [rounds, sites] = await Promise.all([api("/api/testing/rounds"), api("/api/testing/sites")]);
        if (rounds.status === 401 || sites.status === 401) { expired(); return; }
        if (!rounds.ok || !sites.ok) throw new Error("lists");
        lists = { rounds: await rounds.json(), sites: await sites.json(), at: new Date().toISOString() };
        save(KEY.lists, lists);
    }

    function listsHaveSetup() {
        return setup && lists.rounds.some(r => r.id === setup.roundId) && lists.sites.some(s => s.code === setup.siteCode);
    }

    function openSetup() {
        const roundSelect = $("round");
        roundSelect.replaceChildren();
        const usable = lists.rounds.filter(r => r.state !== "closed");
        for (const r of usable) roundSelect.add(new Option(r.state === "open" ? r.name : `${r.name}（未开始）`, r.id));
        const siteSelect = $("site");
        siteSelect.replaceChildren();
        // The sites this sampler is assigned to come first: the usual choice is then already selected.
        const mine = s => (s.samplers ?? []).includes(auth?.username) ? 0 : 1;
        for (const s of [...lists.sites].sort((a, b) => mine(a) - mine(b) || a.code.localeCompare(b.code))) {
            siteSelect.add(new Option(`${s.name}（${s.code}）`, s.code));
        }
        if (setup) {
            if (usable.some(r => r.id === setup.roundId)) roundSelect.value = setup.roundId;
            if (lists.sites.some(s => s.code === setup.siteCode)) siteSelect.value = setup.siteCode;
        }
        describeRound();
        const hint = $("setup-hint");
        hint.textContent = usable.length === 0 ? "暂无进行中的检测轮次，请联系社区或指挥部。"
            : lists.sites.length === 0 ? "您的辖区还没有采样点，请联系社区。" : "";
        $("start").disabled = usable.length === 0 || lists.sites.length === 0;
        show("screen-setup");
    }

    function describeRound() {
        const round = lists.rounds.find(r => r.id === $("round").value);
        const at = t => new Date(t).toLocaleString("zh-CN", { month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hour12: false, timeZone: CHINA });
        $("round-detail").textContent = round
            ? `${round.state === "open" ? "进行中" : "未开始"} · 默认${poolLabel(round.poolSize)} · ${at(round.startsAt)} 至 ${at(round.endsAt)}` : "";
    }
    $("round").addEventListener("change", describeRound);

    $("reload-lists").addEventListener("click", async () => {
        const error = $("setup-error");
        error.hidden = true;
        try {
            await loadLists();
            openSetup();
        } catch {
            error.textContent = "无法连接服务器，显示的是上次保存的轮次和采样点";
            error.hidden = false;
        }
    });

    $("start").addEventListener("click", () => {
        const round = lists.rounds.find(r => r.id === $("round").value);
        const site = lists.sites.find(s => s.code === $("site").value);
        if (!round || !site) return;
        setup = { roundId: round.id, roundName: round.name, poolSize: round.poolSize, siteCode: site.code, siteName: site.name };
        save(KEY.setup, setup);
        // A tube half-filled for another round or site stays unsealed: the sampler finishes or seals it first.
        if (tube && (tube.roundId !== setup.roundId || tube.siteCode !== setup.siteCode) && tube.people.length === 0) {
            tube = null;
            save(KEY.tube, null);
        }
        show("screen-scan");
        renderScan();
    });

    $("change-setup").addEventListener("click", () => {
        if (tube && tube.people.length > 0) {
            say("请先封管，再更换轮次或采样点", "error");
            return;
        }
        openSetup();
    });

    // ---------------------------------------------------------------- scanning

    function poolLabel(n) {
        return n === 1 ? "单采" : `${n}混1`;
    }

    function say(text, kind = "info") {
        const message = $("scan-message");
        message.textContent = text;
        message.dataset.kind = kind;
        if (kind === "error" && navigator.vibrate) navigator.vibrate([120, 60, 120]);
    }

    function focusScan() {
        const scan = $("scan");
        if (!$("screen-scan").hidden && document.activeElement !== scan) scan.focus({ preventScroll: true });
    }

    // A wedge scanner types into whatever has focus: keep it in the scan field unless the sampler is
    // typing in another field (the pool size buttons and the registration form of an unknown person).
    document.addEventListener("click", e => {
        if (!e.target.closest("input, select, textarea, form")) setTimeout(focusScan, 0);
    });
    $("scan").addEventListener("blur", () => setTimeout(() => {
        const active = document.activeElement;
        if (!active || active === document.body || active.tagName === "BUTTON") focusScan();
    }, 0));

    $("scan").addEventListener("keydown", e => {
        if (e.key === "Enter") {
            e.preventDefault();
            handleScan();
        }
    });
    $("scan-enter").addEventListener("click", handleScan);

    function handleScan() {
        const input = $("scan");
        const text = input.value.trim();
        input.value = "";
        focusScan();
        if (!text) return;
        if (!tube) scanTube(text.toUpperCase());
        else scanPerson(text);
    }

    function scanTube(code) {
        if (code.length > 64) { say("试管条码过长，请重新扫描", "error"); return; }
        if (checkIdNumber(code).id && /^\d{17}[\dX]$/.test(code)) {
            say("这是证件号码，不是试管条码。请先扫描采样管上的条码", "error");
            return;
        }
        if (sealed.some(t => t.tubeCode === code && t.roundId === setup.roundId)) {
            say(`试管 ${code} 已封管，不能再用，请扫描新的采样管`, "error");
            return;
        }
        tube = { tubeCode: code, roundId: setup.roundId, siteCode: setup.siteCode, poolSize: setup.poolSize, people: [] };
        save(KEY.tube, tube);
        say(`已扫描试管 ${code}，请逐个扫描受检人员证件`, "ok");
        renderScan();
    }

    function scanPerson(text) {
        if (text.toUpperCase() === tube.tubeCode) {
            say("这是当前采样管的条码，请扫描受检人员的证件", "error");
            return;
        }
        const checked = checkIdNumber(text);
        if (checked.error) { say(checked.error, "error"); return; }
        const id = checked.id;
        if (tube.people.includes(id)) {
            say(`${maskId(id)} 已在本管中，不用重复扫描`, "error");
            return;
        }
        if (tube.people.length >= tube.poolSize) {
            say(`本管已满（${tube.people.length}/${tube.poolSize}），请先封管，再扫描新的采样管`, "error");
            return;
        }
        const event = {
            eventId: crypto.randomUUID(), roundId: tube.roundId, siteCode: tube.siteCode, tubeCode: tube.tubeCode,
            poolSize: tube.poolSize, idNumber: id, collectedAt: isoWithOffset(new Date()), collector: auth?.username ?? "",
        };
        // Stored before anything else happens: a phone that dies now still has the scan when it comes back.
        queue.add(event);
        tube.people.push(id);
        save(KEY.tube, tube);
        const full = tube.people.length >= tube.poolSize;
        say(full ? `已采 ${maskId(id)}。本管已满（${tube.people.length}/${tube.poolSize}），请封管`
                 : `已采 ${maskId(id)}（${tube.people.length}/${tube.poolSize}）`, full ? "warn" : "ok");
        renderScan();
        kickSender();
    }

    $("pool").addEventListener("click", e => {
        const button = e.target.closest("button[data-pool]");
        if (!button || !tube) return;
        if (tube.people.length > 0) {
            say("本管已开始采样，混采人数不能再改", "error");
            return;
        }
        tube.poolSize = Number(button.dataset.pool);
        save(KEY.tube, tube);
        say(`本管为${poolLabel(tube.poolSize)}`, "info");
        renderScan();
    });

    $("seal").addEventListener("click", () => {
        if (!tube) return;
        if (tube.people.length === 0) {
            say(`试管 ${tube.tubeCode} 未采样，已取消，请扫描新的采样管`, "info");
        } else {
            sealed = [{ tubeCode: tube.tubeCode, roundId: tube.roundId, count: tube.people.length, poolSize: tube.poolSize, at: new Date().toISOString() },
                ...sealed].slice(0, 200);
            save(KEY.sealed, sealed);
            say(`试管 ${tube.tubeCode} 已封管（${tube.people.length}人）。请扫描下一支采样管`, "ok");
        }
        tube = null;
        save(KEY.tube, null);
        renderScan();
    });

    function renderScan() {
        if (!setup) return;
        $("where-text").textContent = `${setup.roundName} · ${setup.siteName}`;
        const card = $("tube");
        const people = $("people");
        people.replaceChildren();
        for (const button of $("pool").querySelectorAll("button")) {
            const selected = tube && Number(button.dataset.pool) === tube.poolSize;
            button.setAttribute("aria-pressed", selected ? "true" : "false");
            button.disabled = !tube || tube.people.length > 0 && !selected;
        }
        if (!tube) {
            card.dataset.state = "none";
            $("tube-code").textContent = "未扫描";
            $("tube-count").textContent = "—";
            $("seal").disabled = true;
            $("scan-label").textContent = "第一步：扫描采样管上的试管条码";
            $("scan").placeholder = "扫描试管条码";
        } else {
            const full = tube.people.length >= tube.poolSize;
            card.dataset.state = full ? "full" : "open";
            $("tube-code").textContent = tube.tubeCode;
            $("tube-count").textContent = `${tube.people.length}/${tube.poolSize}`;
            $("seal").disabled = false;
            $("seal").textContent = tube.people.length === 0 ? "取消此管" : "封管";
            $("seal").dataset.empty = String(tube.people.length === 0);
            $("scan-label").textContent = full ? "本管已满，请封管" : "第二步：逐个扫描受检人员证件号码";
            $("scan").placeholder = "扫描或输入证件号码";
            tube.people.forEach((id, i) => {
                const li = document.createElement("li");
                li.textContent = `${i + 1}. ${maskId(id)}`;
                people.append(li);
            });
        }
        renderSealed();
        renderRejected();
        renderBar();
    }

    function renderSealed() {
        const mine = sealed.filter(t => setup && t.roundId === setup.roundId);
        $("sealed").hidden = mine.length === 0;
        $("sealed-count").textContent = `${mine.length} 管 / ${mine.reduce((n, t) => n + t.count, 0)} 人`;
        const list = $("sealed-list");
        list.replaceChildren();
        for (const t of mine.slice(0, 20)) {
            const li = document.createElement("li");
            li.textContent = `${t.tubeCode}　${t.count}/${t.poolSize}　${new Date(t.at).toLocaleTimeString("zh-CN", { hour12: false, timeZone: CHINA })}`;
            list.append(li);
        }
    }

    // ---------------------------------------------------------------- rejected items

    function renderRejected() {
        $("rejected").hidden = rejected.length === 0;
        $("rejected-count").textContent = `（${rejected.length}）`;
        const list = $("rejected-list");
        list.replaceChildren();
        for (const item of rejected) {
            const li = $("rejected-item").content.firstElementChild.cloneNode(true);
            li.dataset.code = item.code;
            li.dataset.eventId = item.event.eventId;
            li.querySelector(".rejected-what").textContent =
                `试管 ${item.event.tubeCode} · ${maskId(item.event.idNumber ?? "")} · ${new Date(item.event.collectedAt).toLocaleTimeString("zh-CN", { hour12: false, timeZone: CHINA })}`;
            li.querySelector(".rejected-message").textContent =
                item.message && item.message !== item.code ? item.message : `服务器未接收（${item.code}）`;
            const todo = li.querySelector(".rejected-todo");
            todo.textContent = WHAT_TO_DO[item.code] ?? "";
            todo.hidden = !todo.textContent;
            const form = li.querySelector("form.register");
            if (item.code === "unknown-person") {
                form.hidden = false;
                form.addEventListener("submit", e => { e.preventDefault(); register(item, form); });
            }
            li.querySelector(".dismiss").addEventListener("click", () => {
                rejected = rejected.filter(r => r !== item);
                save(KEY.rejected, rejected);
                renderRejected();
            });
            list.append(li);
        }
    }

    /** An unknown person gives name and phone: a new scan event that registers them as a floating resident. */
    function register(item, form) {
        const name = form.querySelector(".register-name").value.trim();
        const phone = form.querySelector(".register-phone").value.trim();
        const error = form.querySelector(".register-error");
        if (!name) { error.textContent = "请填写姓名"; error.hidden = false; return; }
        if (!/^1\d{10}$/.test(phone)) { error.textContent = "手机号码应为11位数字，以1开头"; error.hidden = false; return; }
        queue.add({ ...item.event, eventId: crypto.randomUUID(), name, phone });
        rejected = rejected.filter(r => r !== item);
        save(KEY.rejected, rejected);
        say(`已补录 ${name}，正在重新上传`, "ok");
        renderScan();
        kickSender();
    }

    // ---------------------------------------------------------------- sender

    let sending = false;
    let timer = 0;
    let backoffMs = 0;
    let lastFailure = "";

    function expired() {
        $("auth-notice").hidden = false;
        renderBar();
    }

    function kickSender() {
        clearTimeout(timer);
        timer = 0;
        sendLoop();
    }

    function retryLater(ms) {
        clearTimeout(timer);
        timer = setTimeout(() => { timer = 0; sendLoop(); }, ms);
    }

    function nextBackoff() {
        backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs ? backoffMs * 2 : 2000);
        // Jitter, so that a site's phones coming back online together do not retry in lockstep.
        return backoffMs / 2 + Math.random() * backoffMs / 2;
    }

    async function sendLoop() {
        if (sending) return;
        sending = true;
        try {
            for (;;) {
                const batch = queue.all().slice(0, BATCH);
                if (batch.length === 0) { lastFailure = ""; break; }
                if (!tokenValid()) { expired(); break; }
                if (!navigator.onLine) { lastFailure = "offline"; break; }
                let response;
                try {
                    response = await api("/api/testing/samples/batch", { method: "POST", body: { events: batch } });
                } catch {
                    lastFailure = "network";
                    retryLater(nextBackoff());
                    break;
                }
                if (response.ok) {
                    const answer = await response.json();
                    const byIndex = new Map((answer.rejected ?? []).map(r => [r.index, r]));
                    const fresh = batch.flatMap((event, i) => byIndex.has(i)
                        ? [{ event, code: byIndex.get(i).code, message: byIndex.get(i).message, at: new Date().toISOString() }] : []);
                    if (fresh.length > 0) {
                        rejected = [...fresh, ...rejected];
                        save(KEY.rejected, rejected);
                        say(`${fresh.length} 条记录未通过，请查看下方“未通过的采样记录”`, "error");
                    }
                    queue.remove(batch.map(e => e.eventId));
                    backoffMs = 0;
                    lastFailure = "";
                    $("send-notice").hidden = true;
                    renderScan();
                    continue;
                }
                if (response.status === 401) { expired(); break; }
                if (response.status === 429 || response.status === 503) {
                    const seconds = Number(response.headers.get("Retry-After"));
                    const wait = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : nextBackoff();
                    lastFailure = "busy";
                    notice(`服务器繁忙，${Math.ceil(wait / 1000)} 秒后自动重新上传，记录已保存在本机`);
                    retryLater(wait);
                    break;
                }
                // Anything else (403, 400, 500) is not the scans' fault: keep them all and try again later.
                lastFailure = "error";
                notice(`上传失败：${await problemText(response)}。记录已保存在本机，稍后自动重试`);
                retryLater(nextBackoff());
                break;
            }
        } finally {
            sending = false;
            renderBar();
        }
    }

    function notice(text) {
        const n = $("send-notice");
        n.textContent = text;
        n.hidden = false;
    }

    function renderBar() {
        const waiting = queue.all().length;
        const pending = $("pending-count");
        pending.textContent = `待上传 ${waiting} 条`;
        pending.dataset.count = String(waiting);
        const online = navigator.onLine && lastFailure !== "network";
        const state = $("online-state");
        state.dataset.online = String(online);
        state.textContent = online ? "在线" : "离线";
        $("who").textContent = auth?.token ? `· ${auth.username}` : "";
    }

    window.addEventListener("online", () => { backoffMs = 0; lastFailure = ""; renderBar(); kickSender(); sendRevocations(); });
    window.addEventListener("offline", () => { lastFailure = "offline"; renderBar(); });
    // Another tab of the same page scanned or sent: show its count too.
    window.addEventListener("storage", e => { if (e.key === KEY.queue) renderBar(); });
    // A phone waking from sleep does not fire "online": try again when the page is looked at.
    document.addEventListener("visibilitychange", () => { if (document.visibilityState === "visible") kickSender(); });

    // ---------------------------------------------------------------- start

    if ("serviceWorker" in navigator) {
        navigator.serviceWorker.register("/sampler/sw.js", { scope: "/sampler/" }).catch(() => { });
    }

    if (!tokenValid()) {
        if (auth?.token && setup) {
            // Signed in before, token now expired: scanning goes on offline; uploading waits for a new sign-in.
            show("screen-scan");
            renderScan();
            expired();
        } else show("screen-sign-in");
    } else if (setup) {
        show("screen-scan");
        renderScan();
    } else {
        loadLists().then(openSetup, openSetup);
    }
    renderBar();
    kickSender();
    sendRevocations();
})();
