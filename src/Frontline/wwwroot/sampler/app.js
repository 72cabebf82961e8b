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
        // What the server said it holds for each tube: { [tubeCode]: { accepted, roundId } }.
        held: "frontline.sampler.held",
    };
    const BATCH = 100;
    const MAX_BACKOFF_MS = 60_000;
    // Times on screen are Beijing time whatever the phone is set to, as on every Frontline page and document.
    const CHINA = "Asia/Shanghai";

    // ---------------------------------------------------------------- language

    // The site's language cookie (set by the web pages' switch, and by this page's): zh-CN unless it says English.
    const CULTURE_COOKIE = ".AspNetCore.Culture";
    function cookieLanguage() {
        const pair = document.cookie.split(";").map(c => c.trim()).find(c => c.startsWith(CULTURE_COOKIE + "="));
        if (!pair) return "zh-CN";
        const value = decodeURIComponent(pair.slice(CULTURE_COOKIE.length + 1));
        return /(^|\|)uic=en/.test(value) ? "en" : "zh-CN";
    }
    let lang = cookieLanguage();
    /** The words in the chosen language: Chinese first, as everywhere in Frontline. */
    const t = (zh, en) => lang === "en" ? en : zh;

    /** Static words of the page: the Chinese is in the element, the English in data-en. */
    function translate(root) {
        for (const el of root.querySelectorAll("[data-en]")) {
            if (el.dataset.zh === undefined) el.dataset.zh = el.textContent;
            el.textContent = lang === "en" ? el.dataset.en : el.dataset.zh;
        }
        for (const el of root.querySelectorAll("[data-en-placeholder]")) {
            if (el.dataset.zhPlaceholder === undefined) el.dataset.zhPlaceholder = el.placeholder;
            el.placeholder = lang === "en" ? el.dataset.enPlaceholder : el.dataset.zhPlaceholder;
        }
    }

    function applyLanguage() {
        document.documentElement.lang = lang;
        document.title = t("核酸采样 · 前线", "Sampling · Frontline");
        translate(document);
        const button = document.getElementById("lang");
        // The switch names the other language, in that language.
        button.textContent = lang === "en" ? "中文" : "EN";
        button.lang = lang === "en" ? "zh-CN" : "en";
        button.setAttribute("aria-label", lang === "en" ? "中文" : "English");
        document.getElementById("pool").setAttribute("aria-label", t("混采人数", "Swabs per tube"));
    }

    // The server says what went wrong; these say what the sampler does about it, at the site, now.
    const WHAT_TO_DO = {
        "invalid-id-checksum": ["请核对证件后重新扫描", "Check the document and scan it again"],
        "tube-full": ["这个人需要换一支新的采样管重新采样", "Take this person's swab again into a new tube"],
        "tube-in-other-round": ["请换一支新的采样管，为这一管的人重新采样", "Use a new tube and take the swabs of this tube's people again"],
        "tube-resulted": ["请换一支新的采样管，为这个人重新采样", "Use a new tube and take this person's swab again"],
        "already-sampled": ["不用重复采样，请告知本人", "No second swab needed: tell the person"],
        "retest-needs-single-tube": ["请叫回此人，用单采管单独重新采样", "Call the person back and swab them alone into a single tube"],
        "round-closed": ["请核对手机时间，或点“更换”选择进行中的轮次", "Check the phone's clock, or tap “Change” to choose an open round"],
        "unknown-round": ["请点“更换”重新选择轮次", "Tap “Change” and choose the round again"],
        "unknown-site": ["请点“更换”重新选择采样点", "Tap “Change” and choose the site again"],
        "site-outside-round": ["请点“更换”选择本轮范围内的采样点", "Tap “Change” and choose a site inside the round"],
        "unknown-person": ["请叫回此人，询问姓名和手机号码，在下面补录", "Call the person back, ask their name and mobile number and enter them below"],
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

    function residentIdValid(text) {
        if (!/^\d{17}[\dX]$/.test(text)) return false;
        let sum = 0;
        for (let i = 0; i < 17; i++) sum += (text.charCodeAt(i) - 48) * WEIGHTS[i];
        return CHECK_CHARS[sum % 11] === text[17];
    }

    /** Reads a scanned document number: {id} when usable, {error} in a sampler's words when not. */
    function checkIdNumber(raw) {
        const text = raw.trim().toUpperCase();
        if (text.length === 0) return { error: t("请扫描或输入证件号码", "Scan or type the document number") };
        // As the server does: 18 characters or all digits is a resident ID and must pass its checksum;
        // anything else is another document (passport, permit) the server looks up as given.
        const looksResident = text.length === 18 || /^\d+$/.test(text);
        if (!looksResident) {
            if (!/^[A-Z0-9-]{5,32}$/.test(text)) return { error: t("证件号码格式不正确，请重新扫描", "This is not a document number; scan again") };
            return { id: text };
        }
        if (!/^\d{17}[\dX]$/.test(text)) {
            return { error: t(`身份证号码应为18位（现在是${text.length}位），请重新扫描`, `A resident ID has 18 characters (this has ${text.length}); scan again`) };
        }
        if (!residentIdValid(text)) {
            return { error: t("身份证号码校验位不正确，可能扫错或输错，请重新扫描或核对证件", "The ID's check character is wrong (mis-scanned or mistyped): scan again or check the document") };
        }
        return { id: text };
    }

    /**
     * A camera reads whole codes: an ID card's or a health code's QR may carry the number inside other text (a link,
     * a record). The first valid resident ID in it is the person's; a code with none is read as it is.
     */
    function documentIn(text) {
        const plain = text.trim().toUpperCase();
        if (residentIdValid(plain)) return plain;
        for (const m of plain.matchAll(/(?<![0-9])\d{17}[\dX](?![0-9X])/g)) if (residentIdValid(m[0])) return m[0];
        return plain;
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

    const clockTime = iso => new Date(iso).toLocaleTimeString(lang, { hour12: false, timeZone: CHINA });

    // ---------------------------------------------------------------- state

    let auth = load(KEY.auth, null);
    let setup = load(KEY.setup, null);
    let lists = load(KEY.lists, { rounds: [], sites: [] });
    let tube = load(KEY.tube, null);
    let rejected = load(KEY.rejected, []);
    let sealed = load(KEY.sealed, []);
    let held = load(KEY.held, {});
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
        else camera.stop();
        renderBar();
    }

    // ---------------------------------------------------------------- server calls

    async function api(path, options = {}) {
        const headers = { "Accept": "application/json", "Accept-Language": lang, ...(options.headers ?? {}) };
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
            if (problem.detail || problem.title) return problem.detail || problem.title;
        } catch { /* not a problem document: said below */ }
        return t(`服务器暂时无法处理（${response.status}）`, `the server could not handle it (${response.status})`);
    }

    // ---------------------------------------------------------------- sign-in

    /** After a token arrived (password or hand-over): the lists, then the scanning screen or the choice of round and site. */
    async function signedIn(answer, username) {
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
    }

    /**
     * A sampler who came from the signed-in web pages needs no second sign-in: the browser's session cookie gets a form
     * token, the form token a bearer token of this page's own. False when nobody is signed in there, the account may not
     * scan, or the network does not answer: the sign-in form is then the way.
     */
    async function handover() {
        if (!navigator.onLine) return false;
        try {
            const session = await fetch("/sampler/session", { credentials: "same-origin", cache: "no-store", headers: { "Accept": "application/json" } });
            if (session.status !== 200) return false;
            const who = await session.json();
            if (!who.mayScan) {
                const note = $("handover-state");
                note.textContent = t(`当前登录的账号 ${who.userName} 没有采样权限，请用采样员账号登录。`,
                    `The signed-in account ${who.userName} may not take samples: sign in with a sampler's account.`);
                note.hidden = false;
                return false;
            }
            const response = await fetch("/sampler/session/token", {
                method: "POST", credentials: "same-origin", cache: "no-store",
                headers: { "Accept": "application/json", "Accept-Language": lang, [who.formTokenHeader]: who.formToken },
            });
            if (!response.ok) return false;
            await signedIn(await response.json(), who.userName);
            return true;
        } catch {
            return false;
        }
    }

    $("sign-in-form").addEventListener("submit", async e => {
        e.preventDefault();
        const error = $("sign-in-error");
        error.hidden = true;
        const button = $("sign-in");
        button.disabled = true;
        button.textContent = t("正在登录…", "Signing in…");
        try {
            const username = $("username").value.trim();
            const response = await api("/api/auth/token", {
                method: "POST", anonymous: true, body: { username, password: $("password").value },
            });
            if (!response.ok) {
                error.textContent = response.status === 401 ? t("用户名或密码错误", "Wrong user name or password") : await problemText(response);
                error.hidden = false;
                return;
            }
            await signedIn(await response.json(), username);
        } catch {
            error.textContent = t("无法连接服务器，请检查网络后再试", "Cannot reach the server: check the network and try again");
            error.hidden = false;
        } finally {
            button.disabled = false;
            button.textContent = t("登录", "Sign in");
        }
    });

    $("auth-notice-sign-in").addEventListener("click", async () => {
        if (!await handover()) show("screen-sign-in");
    });

    $("sign-out").addEventListener("click", () => {
        const waiting = queue.all().length;
        const question = waiting > 0
            ? t(`还有 ${waiting} 条采样记录未上传。退出后记录仍保存在本机，下次登录后继续上传。确定退出？`,
                `${waiting} scans are not uploaded yet. They stay on this phone and upload at the next sign-in. Sign out?`)
            : t("确定退出登录？", "Sign out?");
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
            save(KEY.revoke, load(KEY.revoke, []).filter(x => x.token !== item.token));
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
        for (const r of usable) roundSelect.add(new Option(r.state === "open" ? r.name : t(`${r.name}（未开始）`, `${r.name} (not started)`), r.id));
        const siteSelect = $("site");
        siteSelect.replaceChildren();
        // The sites this sampler is assigned to come first: the usual choice is then already selected.
        const mine = s => (s.samplers ?? []).includes(auth?.username) ? 0 : 1;
        for (const s of [...lists.sites].sort((a, b) => mine(a) - mine(b) || a.code.localeCompare(b.code))) {
            siteSelect.add(new Option(t(`${s.name}（${s.code}）`, `${s.name} (${s.code})`), s.code));
        }
        if (setup) {
            if (usable.some(r => r.id === setup.roundId)) roundSelect.value = setup.roundId;
            if (lists.sites.some(s => s.code === setup.siteCode)) siteSelect.value = setup.siteCode;
        }
        describeRound();
        const hint = $("setup-hint");
        hint.textContent = usable.length === 0 ? t("暂无进行中的检测轮次，请联系社区或指挥部。", "No testing round is open: ask the community or the command.")
            : lists.sites.length === 0 ? t("您的辖区还没有采样点，请联系社区。", "Your area has no sampling site yet: ask the community.") : "";
        $("start").disabled = usable.length === 0 || lists.sites.length === 0;
        show("screen-setup");
    }

    function describeRound() {
        const round = lists.rounds.find(r => r.id === $("round").value);
        const at = x => new Date(x).toLocaleString(lang, { month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hour12: false, timeZone: CHINA });
        $("round-detail").textContent = round
            ? t(`${round.state === "open" ? "进行中" : "未开始"} · 默认${poolLabel(round.poolSize)} · ${at(round.startsAt)} 至 ${at(round.endsAt)}`,
                `${round.state === "open" ? "Open" : "Not started"} · ${poolLabel(round.poolSize)} by default · ${at(round.startsAt)} to ${at(round.endsAt)}`)
            : "";
    }
    $("round").addEventListener("change", describeRound);

    $("reload-lists").addEventListener("click", async () => {
        const error = $("setup-error");
        error.hidden = true;
        try {
            await loadLists();
            openSetup();
        } catch {
            error.textContent = t("无法连接服务器，显示的是上次保存的轮次和采样点", "Cannot reach the server: these are the rounds and sites saved last time");
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
            say(t("请先封管，再更换轮次或采样点", "Seal the tube first, then change the round or site"), "error");
            return;
        }
        openSetup();
    });

    // ---------------------------------------------------------------- scanning

    function poolLabel(n) {
        return n === 1 ? t("单采", "single") : t(`${n}混1`, `${n} in 1`);
    }

    function say(text, kind = "info") {
        const message = $("scan-message");
        message.textContent = text;
        message.dataset.kind = kind;
        if (kind === "error" && navigator.vibrate) navigator.vibrate([120, 60, 120]);
    }

    function focusScan() {
        const scan = $("scan");
        // With the camera on, the phone's keyboard would cover it: the field is focused again when the camera closes.
        if (camera.on) return;
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
        if (code.length > 64) { say(t("试管条码过长，请重新扫描", "The tube barcode is too long; scan again"), "error"); return; }
        if (residentIdValid(code)) {
            say(t("这是证件号码，不是试管条码。请先扫描采样管上的条码", "This is a document number, not a tube. Scan the tube's barcode first"), "error");
            return;
        }
        if (sealed.some(x => x.tubeCode === code && x.roundId === setup.roundId)) {
            say(t(`试管 ${code} 已封管，不能再用，请扫描新的采样管`, `Tube ${code} is sealed and cannot be used again: scan a new tube`), "error");
            return;
        }
        tube = { tubeCode: code, roundId: setup.roundId, siteCode: setup.siteCode, poolSize: setup.poolSize, people: [] };
        save(KEY.tube, tube);
        say(t(`已扫描试管 ${code}，请逐个扫描受检人员证件`, `Tube ${code} scanned: now scan each person's document`), "ok");
        renderScan();
    }

    function scanPerson(text) {
        if (text.toUpperCase() === tube.tubeCode) {
            say(t("这是当前采样管的条码，请扫描受检人员的证件", "This is the current tube: scan the person's document"), "error");
            return;
        }
        const checked = checkIdNumber(text);
        if (checked.error) { say(checked.error, "error"); return; }
        const id = checked.id;
        if (tube.people.includes(id)) {
            say(t(`${maskId(id)} 已在本管中，不用重复扫描`, `${maskId(id)} is in this tube already`), "error");
            return;
        }
        if (tube.people.length >= tube.poolSize) {
            say(t(`本管已满（${tube.people.length}/${tube.poolSize}），请先封管，再扫描新的采样管`,
                `The tube is full (${tube.people.length}/${tube.poolSize}): seal it, then scan a new tube`), "error");
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
        say(full ? t(`已采 ${maskId(id)}。本管已满（${tube.people.length}/${tube.poolSize}），请封管`,
                     `Swabbed ${maskId(id)}. The tube is full (${tube.people.length}/${tube.poolSize}): seal it`)
                 : t(`已采 ${maskId(id)}（${tube.people.length}/${tube.poolSize}）`, `Swabbed ${maskId(id)} (${tube.people.length}/${tube.poolSize})`),
            full ? "warn" : "ok");
        renderScan();
        kickSender();
    }

    $("pool").addEventListener("click", e => {
        const button = e.target.closest("button[data-pool]");
        if (!button || !tube) return;
        if (tube.people.length > 0) {
            say(t("本管已开始采样，混采人数不能再改", "This tube has swabs in it: its pool size cannot change"), "error");
            return;
        }
        tube.poolSize = Number(button.dataset.pool);
        save(KEY.tube, tube);
        say(t(`本管为${poolLabel(tube.poolSize)}`, `This tube: ${poolLabel(tube.poolSize)}`), "info");
        renderScan();
    });

    $("seal").addEventListener("click", () => {
        if (!tube) return;
        if (tube.people.length === 0) {
            say(t(`试管 ${tube.tubeCode} 未采样，已取消，请扫描新的采样管`, `Tube ${tube.tubeCode} had no swab and is dropped: scan a new tube`), "info");
        } else {
            sealed = [{ tubeCode: tube.tubeCode, roundId: tube.roundId, count: tube.people.length, poolSize: tube.poolSize, at: new Date().toISOString() },
                ...sealed].slice(0, 200);
            save(KEY.sealed, sealed);
            say(t(`试管 ${tube.tubeCode} 已封管（管内 ${tube.people.length} 支拭子）。请扫描下一支采样管`,
                `Tube ${tube.tubeCode} sealed (${tube.people.length} swabs in it). Scan the next tube`), "ok");
        }
        tube = null;
        save(KEY.tube, null);
        renderScan();
    });

    // ---------------------------------------------------------------- what the server holds

    /** The scans of a tube still on this phone, and those the server refused. */
    function tubeState(code) {
        return {
            accepted: held[code]?.accepted ?? 0,
            waiting: queue.all().filter(e => e.tubeCode === code).length,
            refused: rejected.filter(r => r.event.tubeCode === code).length,
        };
    }

    /** One line on what the server holds of a tube, beside what is in it. */
    function serverLine(code) {
        const s = tubeState(code);
        const parts = [t(`服务器已接收 ${s.accepted} 人`, `server accepted ${s.accepted}`)];
        if (s.waiting > 0) parts.push(t(`待上传 ${s.waiting}`, `${s.waiting} waiting`));
        if (s.refused > 0) parts.push(t(`未接收 ${s.refused}`, `${s.refused} not accepted`));
        return { text: parts.join(" · "), ...s };
    }

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
        const server = $("tube-server");
        if (!tube) {
            card.dataset.state = "none";
            $("tube-code").textContent = t("未扫描", "not scanned");
            $("tube-count").textContent = "—";
            server.hidden = true;
            $("seal").disabled = true;
            $("seal").textContent = t("封管", "Seal the tube");
            $("seal").dataset.empty = "false";
            $("scan-label").textContent = t("第一步：扫描采样管上的试管条码", "Step 1: scan the barcode on the tube");
            $("scan").placeholder = t("扫描试管条码", "Tube barcode");
        } else {
            const full = tube.people.length >= tube.poolSize;
            card.dataset.state = full ? "full" : "open";
            $("tube-code").textContent = tube.tubeCode;
            $("tube-count").textContent = `${tube.people.length}/${tube.poolSize}`;
            const line = serverLine(tube.tubeCode);
            server.hidden = tube.people.length === 0;
            server.textContent = line.text;
            server.dataset.refused = String(line.refused > 0);
            server.dataset.accepted = String(line.accepted);
            $("seal").disabled = false;
            $("seal").textContent = tube.people.length === 0 ? t("取消此管", "Drop this tube") : t("封管", "Seal the tube");
            $("seal").dataset.empty = String(tube.people.length === 0);
            $("scan-label").textContent = full ? t("本管已满，请封管", "The tube is full: seal it")
                : t("第二步：逐个扫描受检人员证件号码", "Step 2: scan each person's document");
            $("scan").placeholder = t("扫描或输入证件号码", "Scan or type the document number");
            tube.people.forEach((id, i) => {
                const li = document.createElement("li");
                li.textContent = `${i + 1}. ${maskId(id)}`;
                people.append(li);
            });
        }
        camera.hint();
        renderSealed();
        renderRejected();
        renderBar();
    }

    /**
     * The shift's tally: tubes sealed in this round and the people the server accepted into them (what the command's
     * figures will count), never the swabs this phone took; what still waits or was refused is said beside it.
     */
    function renderSealed() {
        const mine = sealed.filter(x => setup && x.roundId === setup.roundId);
        $("sealed").hidden = mine.length === 0;
        const states = mine.map(x => tubeState(x.tubeCode));
        const accepted = states.reduce((n, s) => n + s.accepted, 0);
        const waiting = states.reduce((n, s) => n + s.waiting, 0);
        const refused = states.reduce((n, s) => n + s.refused, 0);
        const count = $("sealed-count");
        count.textContent = t(`已封管 ${mine.length} 管 · 服务器已接收 ${accepted} 人`,
            `${mine.length} ${mine.length === 1 ? "tube" : "tubes"} sealed · ${accepted} ${accepted === 1 ? "person" : "people"} accepted by the server`);
        count.dataset.accepted = String(accepted);
        const note = [];
        if (waiting > 0) note.push(t(`另有 ${waiting} 人待上传`, `${waiting} more waiting to upload`));
        if (refused > 0) note.push(t(`${refused} 人未被接收，见页面顶部`, `${refused} not accepted: see the top of the page`));
        $("sealed-note").textContent = note.join("；");
        $("sealed-note").hidden = note.length === 0;
        const list = $("sealed-list");
        list.replaceChildren();
        for (const x of mine.slice(0, 20)) {
            const s = tubeState(x.tubeCode);
            const li = document.createElement("li");
            li.dataset.tube = x.tubeCode;
            li.dataset.accepted = String(s.accepted);
            li.textContent = t(`${x.tubeCode}　管内 ${x.count}/${x.poolSize}　接收 ${s.accepted}${s.waiting ? `　待传 ${s.waiting}` : ""}　${clockTime(x.at)}`,
                `${x.tubeCode}  in tube ${x.count}/${x.poolSize}  accepted ${s.accepted}${s.waiting ? `  waiting ${s.waiting}` : ""}  ${clockTime(x.at)}`);
            list.append(li);
        }
    }

    // ---------------------------------------------------------------- refused scans

    function renderRejected() {
        $("rejected").hidden = rejected.length === 0;
        $("rejected-count").textContent = t(`（${rejected.length} 人）`, `(${rejected.length})`);
        const list = $("rejected-list");
        list.replaceChildren();
        for (const item of rejected) {
            const li = $("rejected-item").content.firstElementChild.cloneNode(true);
            translate(li);
            li.dataset.code = item.code;
            li.dataset.eventId = item.event.eventId;
            const id = maskId(item.event.idNumber ?? "");
            li.querySelector(".rejected-who").textContent = item.personName
                ? `${item.personName}　${id}` : t(`未登记人员　${id}`, `Unregistered person  ${id}`);
            const todo = li.querySelector(".rejected-todo");
            const words = WHAT_TO_DO[item.code];
            todo.textContent = words ? t(words[0], words[1]) : "";
            todo.hidden = !todo.textContent;
            // The server's words are in the language of the moment they came; after a switch, what to do says it in the new one.
            const message = li.querySelector(".rejected-message");
            const sameLanguage = (item.messageLang ?? "zh-CN") === lang;
            message.textContent = item.message && item.message !== item.code && (sameLanguage || todo.hidden)
                ? item.message : todo.hidden ? t("服务器未接收这条记录", "The server did not accept this scan") : "";
            message.hidden = !message.textContent;
            li.querySelector(".rejected-what").textContent =
                t(`试管 ${item.event.tubeCode} · 采样于 ${clockTime(item.event.collectedAt)}`, `Tube ${item.event.tubeCode} · swabbed at ${clockTime(item.event.collectedAt)}`);
            const form = li.querySelector("form.register");
            if (item.code === "unknown-person") {
                form.hidden = false;
                form.addEventListener("submit", e => { e.preventDefault(); register(item, form); });
            }
            li.querySelector(".dismiss").addEventListener("click", () => {
                rejected = rejected.filter(r => r !== item);
                save(KEY.rejected, rejected);
                renderScan();
            });
            list.append(li);
        }
    }

    /** An unknown person gives name and phone: a new scan event that registers them as a floating resident. */
    function register(item, form) {
        const name = form.querySelector(".register-name").value.trim();
        const phone = form.querySelector(".register-phone").value.trim();
        const error = form.querySelector(".register-error");
        if (!name) { error.textContent = t("请填写姓名", "Enter the name"); error.hidden = false; return; }
        if (!/^1\d{10}$/.test(phone)) { error.textContent = t("手机号码应为11位数字，以1开头", "A mobile number has 11 digits and starts with 1"); error.hidden = false; return; }
        queue.add({ ...item.event, eventId: crypto.randomUUID(), name, phone });
        rejected = rejected.filter(r => r !== item);
        save(KEY.rejected, rejected);
        say(t(`已补录 ${name}，正在重新上传`, `${name} registered: sending again`), "ok");
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

    /** The server's answer to a batch: refusals to the top of the page, each tube's accepted count into the tally. */
    function took(batch, answer) {
        const byIndex = new Map((answer.rejected ?? []).map(r => [r.index, r]));
        const fresh = batch.flatMap((event, i) => byIndex.has(i)
            ? [{ event, code: byIndex.get(i).code, message: byIndex.get(i).message, messageLang: lang, personName: byIndex.get(i).personName ?? null,
                at: new Date().toISOString() }]
            : []);
        const rounds = new Map(batch.map(e => [e.tubeCode, e.roundId]));
        for (const x of answer.tubes ?? []) held[x.tubeCode] = { accepted: x.accepted, roundId: rounds.get(x.tubeCode) ?? held[x.tubeCode]?.roundId };
        // Only the tubes of the rounds still listed are kept: the tally is a shift's, not the phone's whole history.
        const keep = new Set([...sealed.map(x => x.tubeCode), tube?.tubeCode]);
        for (const code of Object.keys(held)) if (!keep.has(code) && !rounds.has(code)) delete held[code];
        save(KEY.held, held);
        if (fresh.length > 0) {
            rejected = [...fresh, ...rejected];
            save(KEY.rejected, rejected);
            const first = fresh[0];
            const who = first.personName ?? maskId(first.event.idNumber ?? "");
            say(fresh.length === 1
                ? t(`${who} 未被接收：${first.message}。见页面顶部`, `${who} not accepted: ${first.message}. See the top of the page`)
                : t(`${fresh.length} 人未被接收，见页面顶部`, `${fresh.length} people not accepted: see the top of the page`), "error");
            // Loud: the refusal is at the top of the page; the sampler is looking at the tube card or the camera.
            window.scrollTo({ top: 0, behavior: "smooth" });
        }
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
                    queue.remove(batch.map(e => e.eventId));
                    took(batch, answer);
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
                    notice(t(`服务器繁忙，${Math.ceil(wait / 1000)} 秒后自动重新上传，记录已保存在本机`,
                        `The server is busy: uploading again in ${Math.ceil(wait / 1000)} s; the scans are kept on this phone`));
                    retryLater(wait);
                    break;
                }
                // Anything else (403, 400, 500) is not the scans' fault: keep them all and try again later.
                lastFailure = "error";
                const why = await problemText(response);
                notice(t(`上传失败：${why}。记录已保存在本机，稍后自动重试`, `Upload failed: ${why}. The scans are kept on this phone and sent again later`));
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
        pending.textContent = t(`待上传 ${waiting} 条`, `${waiting} to upload`);
        pending.dataset.count = String(waiting);
        const online = navigator.onLine && lastFailure !== "network";
        const state = $("online-state");
        state.dataset.online = String(online);
        state.textContent = online ? t("在线", "Online") : t("离线", "Offline");
        $("who").textContent = auth?.token ? `· ${auth.username}` : "";
    }

    // ---------------------------------------------------------------- camera

    /**
     * Scanning with the phone's camera, for a sampler without a handheld scanner: the browser's BarcodeDetector where it
     * has one, else ZXing (vendored under /lib/zxing, cached by the service worker like the page). A frame is read every
     * few tenths of a second; what it reads goes where a scanner's typing goes. The same code in view is taken once.
     */
    const FORMATS = ["qr_code", "code_128", "code_39", "code_93", "codabar", "ean_13", "itf", "data_matrix", "pdf417"];
    const camera = {
        on: false,
        stream: null,
        reader: null,
        canvas: null,
        timer: 0,
        last: { text: "", at: 0 },

        hint() {
            if (!this.on) return;
            $("camera-hint").textContent = !tube ? t("请将试管条码对准框内", "Hold the tube's barcode inside the frame")
                : tube.people.length >= tube.poolSize ? t("本管已满，请封管后再扫描新的采样管", "The tube is full: seal it, then scan a new tube")
                : t("请将身份证或健康码的二维码对准框内", "Hold the ID card's or health code's QR code inside the frame");
        },

        async start() {
            if (this.on) return;
            if (!navigator.mediaDevices?.getUserMedia) {
                say(t("此浏览器不能使用摄像头扫码，请用扫码枪或手动输入", "This browser cannot scan with the camera: use a scanner or type the code"), "error");
                return;
            }
            $("camera").hidden = false;
            $("camera-open").setAttribute("aria-pressed", "true");
            $("camera-open").textContent = t("关闭摄像头", "Close the camera");
            $("camera-hint").textContent = t("正在打开摄像头…", "Opening the camera…");
            try {
                this.reader = await makeReader();
                this.stream = await navigator.mediaDevices.getUserMedia({
                    audio: false, video: { facingMode: { ideal: "environment" }, width: { ideal: 1280 }, height: { ideal: 720 } },
                });
            } catch (e) {
                this.stop();
                say(e && e.name === "NotAllowedError"
                    ? t("没有摄像头权限：请在浏览器设置中允许使用摄像头，或用扫码枪、手动输入", "No camera permission: allow the camera in the browser's settings, or use a scanner or type the code")
                    : t("无法打开摄像头，请用扫码枪或手动输入", "The camera cannot be opened: use a scanner or type the code"), "error");
                return;
            }
            const video = $("camera-video");
            video.srcObject = this.stream;
            this.on = true;
            $("scan").blur();
            await video.play().catch(() => { });
            this.hint();
            this.tick();
        },

        stop() {
            clearTimeout(this.timer);
            this.on = false;
            for (const track of this.stream?.getTracks() ?? []) track.stop();
            this.stream = null;
            $("camera-video").srcObject = null;
            $("camera").hidden = true;
            $("camera-open").setAttribute("aria-pressed", "false");
            $("camera-open").textContent = t("用摄像头扫码", "Scan with the camera");
        },

        tick() {
            if (!this.on) return;
            this.timer = setTimeout(async () => {
                const video = $("camera-video");
                if (video.readyState >= 2 && !document.hidden) {
                    try {
                        const text = await this.reader(video);
                        if (text) this.read(text);
                    } catch { /* a frame that cannot be read: the next one may */ }
                }
                this.tick();
            }, 250);
        },

        /** A code in view: the same one is taken again only after it left the view for a moment. */
        read(raw) {
            const now = Date.now();
            const same = raw === this.last.text && now - this.last.at < 2500;
            this.last = { text: raw, at: now };
            if (same) return;
            const text = raw.trim();
            if (!tube) {
                // The person's QR held up before the tube: said once, not taken as a tube.
                if (residentIdValid(documentIn(text))) {
                    say(t("这是证件二维码。请先扫描采样管上的条码", "This is a document's QR code. Scan the tube's barcode first"), "warn");
                    return;
                }
                scanTube(text.toUpperCase());
            } else {
                // The tube still in view, or the card of someone already in this tube: nothing new.
                const doc = documentIn(text);
                if (text.toUpperCase() === tube.tubeCode || tube.people.includes(doc)) return;
                scanPerson(doc);
            }
            if (navigator.vibrate) navigator.vibrate(60);
        },
    };

    /** A function reading one video frame: the browser's own detector when it reads QR codes, else ZXing. */
    async function makeReader() {
        if ("BarcodeDetector" in window) {
            try {
                const supported = await window.BarcodeDetector.getSupportedFormats();
                if (supported.includes("qr_code")) {
                    const detector = new window.BarcodeDetector({ formats: FORMATS.filter(f => supported.includes(f)) });
                    return async video => (await detector.detect(video))[0]?.rawValue ?? "";
                }
            } catch { /* fall through to ZXing */ }
        }
        await loadZxing();
        const Z = window.ZXing;
        const hints = new Map();
        hints.set(Z.DecodeHintType.POSSIBLE_FORMATS, [Z.BarcodeFormat.QR_CODE, Z.BarcodeFormat.CODE_128, Z.BarcodeFormat.CODE_39,
            Z.BarcodeFormat.CODE_93, Z.BarcodeFormat.CODABAR, Z.BarcodeFormat.EAN_13, Z.BarcodeFormat.ITF, Z.BarcodeFormat.DATA_MATRIX]);
        hints.set(Z.DecodeHintType.TRY_HARDER, true);
        const reader = new Z.MultiFormatReader();
        reader.setHints(hints);
        const canvas = document.createElement("canvas");
        const context = canvas.getContext("2d", { willReadFrequently: true });
        return async video => {
            // At most 800 pixels wide: enough for a tube's barcode held near, and quick on a cheap phone.
            const scale = Math.min(1, 800 / video.videoWidth);
            const w = Math.round(video.videoWidth * scale), h = Math.round(video.videoHeight * scale);
            if (!w || !h) return "";
            canvas.width = w;
            canvas.height = h;
            context.drawImage(video, 0, 0, w, h);
            const rgba = context.getImageData(0, 0, w, h).data;
            const grey = new Uint8ClampedArray(w * h);
            for (let i = 0, j = 0; i < grey.length; i++, j += 4) grey[i] = (rgba[j] * 77 + rgba[j + 1] * 150 + rgba[j + 2] * 29) >> 8;
            try {
                return reader.decodeWithState(new Z.BinaryBitmap(new Z.HybridBinarizer(new Z.RGBLuminanceSource(grey, w, h)))).getText();
            } catch {
                return "";
            } finally {
                reader.reset();
            }
        };
    }

    let zxing = null;
    function loadZxing() {
        zxing ??= new Promise((resolve, reject) => {
            const script = document.createElement("script");
            script.src = "/lib/zxing/zxing.min.js";
            script.onload = () => window.ZXing ? resolve() : reject(new Error("zxing"));
            script.onerror = () => { zxing = null; reject(new Error("zxing")); };
            document.head.append(script);
        });
        return zxing;
    }

    $("camera-open").addEventListener("click", () => camera.on ? camera.stop() : camera.start());
    $("camera-close").addEventListener("click", () => { camera.stop(); focusScan(); });
    // A phone that locks its screen stops the camera; the sampler opens it again.
    document.addEventListener("visibilitychange", () => { if (document.hidden && camera.on) camera.stop(); });

    // ---------------------------------------------------------------- language switch

    $("lang").addEventListener("click", () => {
        lang = lang === "en" ? "zh-CN" : "en";
        // The site's own cookie, so the web pages follow the sampler's choice too (and this page follows theirs).
        const value = encodeURIComponent(`c=${lang}|uic=${lang}`);
        document.cookie = `${CULTURE_COOKIE}=${value}; path=/; max-age=31536000; SameSite=Lax`;
        applyLanguage();
        if (camera.on) $("camera-open").textContent = t("关闭摄像头", "Close the camera");
        if (!$("screen-setup").hidden) openSetup();
        renderScan();
        renderBar();
        $("scan-message").textContent = "";
    });

    // ---------------------------------------------------------------- start

    window.addEventListener("online", () => { backoffMs = 0; lastFailure = ""; renderBar(); kickSender(); sendRevocations(); });
    window.addEventListener("offline", () => { lastFailure = "offline"; renderBar(); });
    // Another tab of the same page scanned or sent: show its count too.
    window.addEventListener("storage", e => { if (e.key === KEY.queue) renderBar(); });
    // A phone waking from sleep does not fire "online": try again when the page is looked at.
    document.addEventListener("visibilitychange", () => { if (document.visibilityState === "visible") kickSender(); });

    if ("serviceWorker" in navigator) {
        navigator.serviceWorker.register("/sampler/sw.js", { scope: "/sampler/" }).catch(() => { });
    }

    applyLanguage();
    if (!tokenValid()) {
        if (auth?.token && setup) {
            // Signed in before, token now expired: scanning goes on offline; uploading waits for a new sign-in,
            // which the signed-in web session may give at once.
            show("screen-scan");
            renderScan();
            expired();
            handover();
        } else {
            // Arriving from the signed-in web pages: no second sign-in. The form shows only if that does not work.
            handover().then(done => { if (!done) show("screen-sign-in"); });
        }
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
