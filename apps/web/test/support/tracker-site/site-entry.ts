import { init } from '@plausible-analytics/tracker';

/*
 * A website as its owner would add Plausible's official tracker: `init` with `endpoint` pointed at
 * Showfloor's collector (read from the page's <meta name="collector">). Links marked `data-spa`
 * change the page with history.pushState, the way a single-page app does (the tracker follows
 * pushState on its own); other links load a new page.
 */
const endpoint = document.querySelector('meta[name="collector"]')?.getAttribute('content') ?? '';
// captureOnLocalhost: the test's site is on 127.0.0.1, which the tracker otherwise ignores.
init({ domain: 'shop.test', endpoint, captureOnLocalhost: true, logging: false });

document.addEventListener('click', (event) => {
  const link = event.target instanceof Element ? event.target.closest('a[data-spa]') : null;
  if (!link) return;
  event.preventDefault();
  history.pushState(null, '', link.getAttribute('href'));
  const heading = document.querySelector('h1');
  if (heading) heading.textContent = `Page ${location.pathname}`;
});
