/*
 * Pitchgrid's service worker: keeps the public schedule readable when the venue wifi drops.
 * Registered only by the public schedule pages (the grid, session pages, "now and next") with
 * scope /events/, so it never sees organiser pages, private links or forms.
 *
 * - Schedule pages and their data (Remix's .data requests): network first; every good answer is
 *   kept (the last grid, each session page visited, the visitor's own highlights, since the page
 *   kept is the one they were shown), and given back when the network fails.
 * - Built assets (/assets/*, hashed names that never change): kept on first use.
 * - Everything else (the version poll, forms, other pages) goes to the network untouched, so the
 *   page can tell it is offline. A plain file on purpose: no build step, and nothing breaks in a
 *   browser without service workers, which simply never runs it.
 */
const CACHE = "pitchgrid-schedule-v1";
// /events/<slug>/schedule, /events/<slug>/sessions/<id>, /events/<slug>/now, and their .data
// requests (Remix single fetch: /events/<slug>/schedule.data, ..._index.data).
const SCHEDULE_PAGE = /^\/events\/[^/]+\/(?:schedule(?:\/_index)?|sessions\/\d+|now)(?:\.data)?\/?$/;
// Remix's route manifest for client navigation between those pages.
const MANIFEST = /^\/__manifest$/;
// At most this many pages and data answers are kept (oldest dropped first); assets are few.
const MAX_PAGES = 200;

self.addEventListener("install", () => {
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith("pitchgrid-") && name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/assets/")) {
    event.respondWith(cacheFirst(request));
  } else if (SCHEDULE_PAGE.test(url.pathname) || MANIFEST.test(url.pathname)) {
    event.respondWith(networkFirst(request));
  }
});

/** The page's own copy, stamped with when it was fetched (the "as of" time shown offline). */
async function keep(request, response) {
  if (!response.ok || response.status !== 200 || response.type !== "basic") return;
  const headers = new Headers(response.headers);
  headers.set("X-Pitchgrid-Cached-At", new Date().toISOString());
  const body = await response.blob();
  const cache = await caches.open(CACHE);
  await cache.put(request, new Response(body, { status: response.status, statusText: response.statusText, headers }));
  const keys = await cache.keys();
  const pages = keys.filter((key) => !new URL(key.url).pathname.startsWith("/assets/"));
  for (const old of pages.slice(0, Math.max(0, pages.length - MAX_PAGES))) await cache.delete(old);
}

async function networkFirst(request) {
  try {
    // Pages say "no-cache", so the browser revalidates with the server (ETags make it cheap).
    const response = await fetch(request);
    if (response.ok) {
      const copy = response.clone();
      // Keep it in the background: the page need not wait for the cache write.
      keep(request, copy).catch(() => {});
    }
    return response;
  } catch (error) {
    const cached = await caches.match(request, { ignoreVary: true });
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    const copy = response.clone();
    caches
      .open(CACHE)
      .then((cache) => cache.put(request, copy))
      .catch(() => {});
  }
  return response;
}

/** A page asks to keep what it was loaded with (it was fetched before this worker controlled it). */
self.addEventListener("message", (event) => {
  const data = event.data;
  if (!data || data.type !== "keep" || !Array.isArray(data.urls)) return;
  event.waitUntil(
    Promise.all(
      data.urls.map(async (href) => {
        const url = new URL(href, self.location.origin);
        if (url.origin !== self.location.origin) return;
        const request = new Request(url.href, { credentials: "same-origin" });
        if (url.pathname.startsWith("/assets/")) {
          if (!(await caches.match(request))) await cacheFirst(request).catch(() => {});
        } else if (SCHEDULE_PAGE.test(url.pathname)) {
          if (!(await caches.match(request, { ignoreVary: true }))) {
            const response = await fetch(request, { cache: "no-cache" }).catch(() => null);
            if (response) await keep(request, response);
          }
        }
      }),
    ),
  );
});
