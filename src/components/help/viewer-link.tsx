// The way into the CareConnect eHealth Viewer. A plain <a href>: no script, no data, no portal
// route behind it, so people reach the viewer even while the portal's own pages are failing.

export function ViewerLink({ url }: { url: string }) {
  return (
    <section aria-labelledby="open-viewer" className="mb-8 rounded border-l-4 border-gold bg-surface p-5">
      <h2 id="open-viewer" className="text-xl font-bold text-ink">
        Already have access?
      </h2>
      <p className="mt-2">
        <a
          href={url}
          data-testid="viewer-link"
          className="inline-flex min-h-11 items-center rounded border-2 border-brand bg-brand px-5 py-2 text-lg font-semibold text-white no-underline hover:bg-brand-hover hover:text-white"
        >
          Open the CareConnect eHealth Viewer
        </a>
      </p>
      <p className="mt-2 text-muted">Use a desktop or laptop computer; the viewer does not work on phones or tablets.</p>
    </section>
  );
}
