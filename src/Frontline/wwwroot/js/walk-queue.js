// The household walk's taps: kept on the phone before they are sent, and removed only once the server has answered
// for them, as the sampler's page does with scans. A Blazor circuit does not survive the signal dropping in a
// stairwell; this queue does. Each tap carries its own event id, so sending it again after a lost answer changes nothing.
const RETRY_MS = 4000;
const BATCH = 100;

let current = null;

/** Starts (or restarts, after the page re-rendered) the queue of one signed-in worker on the walk page. */
export function start(dotnet, token, user, words) {
    if (current) current.stop();
    current = new WalkQueue(dotnet, token, user, words);
    current.paint();
    current.flush();
}

export function stop() {
    current?.stop();
    current = null;
}

/** After the page re-rendered (another building, a filter): mark again what is still waiting. */
export function paint() {
    current?.paint();
}

class WalkQueue {
    constructor(dotnet, token, user, words) {
        this.dotnet = dotnet;
        // The page's words in the worker's language; "{0}" stands for a count or a name, "{1}" for a reason.
        this.words = words;
        this.token = token;
        // One queue per worker: a tap is sent only with the cookie of the worker who made it.
        this.key = `frontline.walk.queue.${user}`;
        this.sending = false;
        this.offline = !navigator.onLine;
        this.rejected = [];
        this.onClick = e => this.click(e);
        this.onOnline = () => { this.offline = false; this.flush(); };
        this.onOffline = () => { this.offline = true; this.paint(); };
        document.addEventListener("click", this.onClick);
        window.addEventListener("online", this.onOnline);
        window.addEventListener("offline", this.onOffline);
        this.refreshFailures = 0;
        this.needsRefresh = false;
        this.timer = setInterval(() => {
            if (this.all().length > 0) this.flush();
            else if (this.needsRefresh) this.refresh();
        }, RETRY_MS);
    }

    stop() {
        document.removeEventListener("click", this.onClick);
        window.removeEventListener("online", this.onOnline);
        window.removeEventListener("offline", this.onOffline);
        clearInterval(this.timer);
    }

    // Re-read from storage on every change, so that a second tab's taps are never overwritten.
    all() {
        try {
            return JSON.parse(localStorage.getItem(this.key) ?? "[]");
        } catch {
            return [];
        }
    }

    save(taps) {
        if (taps.length === 0) localStorage.removeItem(this.key);
        else localStorage.setItem(this.key, JSON.stringify(taps));
    }

    add(taps) {
        this.save([...this.all(), ...taps]);
    }

    remove(eventIds) {
        const gone = new Set(eventIds);
        this.save(this.all().filter(t => !gone.has(t.eventId)));
    }

    click(e) {
        const jump = e.target.closest("[data-jump]");
        if (jump) {
            e.preventDefault();
            document.getElementById(jump.dataset.jump)?.scrollIntoView({ block: "start" });
            return;
        }
        const dismiss = e.target.closest(".walk-sync-dismiss");
        if (dismiss) {
            this.rejected = [];
            this.paint();
            return;
        }
        const one = e.target.closest("[data-tap]");
        const household = e.target.closest("[data-tap-household]");
        if (!one && !household) return;
        e.preventDefault();
        const at = new Date().toISOString();
        if (one) {
            const resident = one.closest(".resident");
            const note = resident?.querySelector("input.resident-note, .resident-note input")?.value?.trim() || null;
            this.add([{ eventId: crypto.randomUUID(), personId: one.dataset.person, status: one.dataset.tap, note, name: one.dataset.name, at }]);
        } else {
            const ids = (household.dataset.tapHousehold || "").split(",").filter(x => x.length > 0);
            const names = (household.dataset.names || "").split(",");
            this.add(ids.map((id, i) => ({ eventId: crypto.randomUUID(), personId: id, status: "present", note: null, name: names[i] ?? "", at })));
        }
        this.paint();
        this.flush();
    }

    async flush() {
        if (this.sending) return;
        const taps = this.all();
        if (taps.length === 0) {
            this.paint();
            return;
        }
        this.sending = true;
        this.paint();
        let saved = false;
        try {
            const batch = taps.slice(0, BATCH);
            const response = await fetch("/registry/walk/taps", {
                method: "POST",
                credentials: "same-origin",
                redirect: "error",
                headers: { "Content-Type": "application/json", "RequestVerificationToken": this.token },
                body: JSON.stringify({ taps: batch.map(({ eventId, personId, status, note }) => ({ eventId, personId, status, note })) }),
            });
            const type = response.headers.get("Content-Type") ?? "";
            if (response.ok && type.includes("json")) {
                const answer = await response.json();
                this.offline = false;
                const byId = new Map(batch.map(t => [t.eventId, t]));
                for (const r of answer.rejected) this.rejected.push({ name: byId.get(r.eventId)?.name ?? "", message: r.message });
                this.remove([...answer.saved, ...answer.rejected.map(r => r.eventId)]);
                saved = answer.saved.length > 0 || answer.rejected.length > 0;
            } else if (response.status === 400 && type.includes("json")) {
                // The page's token is no longer accepted (signed out, or the server restarted): the taps stay until a reload.
                this.problem = (await response.json()).detail ?? null;
            } else {
                this.problem = null;
            }
        } catch {
            // No answer at all: no signal. The taps stay and are sent again.
            this.offline = true;
        } finally {
            this.sending = false;
        }
        this.paint();
        if (saved) {
            await this.refresh();
            if (this.all().length > 0) this.flush();
        }
    }

    /** Asks the page to show the building as the server now has it; while the circuit reconnects, asks again on the next tick. */
    async refresh() {
        try {
            await this.dotnet.invokeMethodAsync("TapsSaved");
            this.needsRefresh = false;
            this.refreshFailures = 0;
        } catch {
            this.needsRefresh = true;
            this.refreshFailures++;
        }
        this.paint();
    }

    /** Marks every resident with a tap still waiting, and says honestly where the queue stands. */
    paint() {
        const waiting = this.all();
        const pending = new Map(waiting.map(t => [t.personId, t.status]));
        for (const el of document.querySelectorAll(".resident[data-person]")) {
            const status = pending.get(el.dataset.person);
            if (status) el.setAttribute("data-pending", status);
            else el.removeAttribute("data-pending");
            for (const b of el.querySelectorAll("[data-tap]")) b.classList.toggle("tap-waiting", b.dataset.tap === status);
        }
        const bar = document.querySelector(".walk-sync");
        if (!bar) return;
        const say = (key, a = "", b = "") => this.words[key].replace("{0}", a).replace("{1}", b);
        let state, text;
        if (waiting.length === 0) {
            state = "saved";
            text = say("saved");
        } else if (this.offline) {
            state = "offline";
            text = say("offline", waiting.length);
        } else if (this.sending) {
            state = "saving";
            text = say("saving", waiting.length);
        } else {
            state = "waiting";
            text = say("waiting", waiting.length) + (this.problem ? ` ${this.problem}` : "");
        }
        // Saved, but the page could not be redrawn for a while (its connection is gone for good): say so, the taps are safe.
        if (state === "saved" && this.needsRefresh && this.refreshFailures >= 5) {
            state = "stale";
            text = say("stale");
        }
        bar.setAttribute("data-sync", state);
        bar.setAttribute("data-waiting", String(waiting.length));
        const line = bar.querySelector(".walk-sync-text");
        if (line) line.textContent = text;
        const list = bar.querySelector(".walk-sync-rejected");
        if (list) {
            list.replaceChildren(...this.rejected.map(r => {
                const li = document.createElement("li");
                li.textContent = say("rejected", r.name, r.message);
                return li;
            }));
            bar.querySelector(".walk-sync-dismiss").hidden = this.rejected.length === 0;
        }
    }
}
