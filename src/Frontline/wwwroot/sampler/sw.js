// Opens the sampler's page with no network: its own files are cached at install and served from the
// cache at once, refreshed in the background when the network answers (the next opening gets the new
// version). The API is never touched here: scans are queued by the page itself, and a cached API
// answer would lie about what the server holds.
const CACHE = "frontline-sampler-v2";
// ZXing reads barcodes from the camera where the browser has no BarcodeDetector: cached with the page, so that the
// camera scans offline too.
const FILES = ["/sampler/", "/sampler/app.js", "/sampler/app.css", "/sampler/manifest.webmanifest", "/sampler/icon.svg", "/lib/zxing/zxing.min.js"];

self.addEventListener("install", event => {
    event.waitUntil(caches.open(CACHE).then(cache => cache.addAll(FILES.map(f => new Request(f, { cache: "no-cache" })))).then(() => self.skipWaiting()));
});

self.addEventListener("activate", event => {
    event.waitUntil(caches.keys()
        .then(keys => Promise.all(keys.filter(k => k.startsWith("frontline-sampler-") && k !== CACHE).map(k => caches.delete(k))))
        .then(() => self.clients.claim()));
});

self.addEventListener("fetch", event => {
    const url = new URL(event.request.url);
    if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
    // Navigations to /sampler/ with or without "index.html" or a query all open the one cached page.
    const key = event.request.mode === "navigate" ? "/sampler/" : url.pathname;
    if (!FILES.includes(key)) return;
    event.respondWith(caches.open(CACHE).then(async cache => {
        const cached = await cache.match(key);
        const fresh = fetch(event.request.mode === "navigate" ? new Request("/sampler/", { cache: "no-cache" }) : new Request(key, { cache: "no-cache" }))
            .then(response => {
                if (response.ok && !response.redirected) cache.put(key, response.clone());
                return response;
            });
        if (cached) {
            event.waitUntil(fresh.catch(() => undefined));
            return cached;
        }
        return fresh;
    }));
});
