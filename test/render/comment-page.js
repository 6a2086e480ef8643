// The in-page half of test/render/github-comment.ts, loaded into headless Chromium after mermaid.min.js.
// Plain browser JavaScript (the project's tsconfig has no DOM types). It sanitizes the HTML markdown-it made the way
// GitHub's comment pipeline does (an allowlist of elements and attributes, everything else unwrapped or dropped),
// puts it in an 830 px column, renders each Mermaid block with Mermaid's default configuration and measures what a
// reviewer sees.
'use strict';

(() => {
  // GitHub's allowlist (html-pipeline SanitizationFilter, which github.com's comment renderer follows).
  const ALLOWED = new Set(('h1 h2 h3 h4 h5 h6 h7 h8 br b i strong em a pre code img tt div ins del sup sub p ol ul ' +
    'table thead tbody tfoot blockquote dl dt dd kbd q samp var hr ruby rt rp li tr td th s strike summary details ' +
    'caption figure figcaption abbr bdo cite dfn mark small span time wbr').split(' '));
  // Elements whose content is not text a reader sees: removed with their content instead of unwrapped.
  const DROPPED = new Set(('script style iframe frame frameset object embed template noscript noembed textarea ' +
    'select title head meta link base svg math').split(' '));
  const GLOBAL_ATTRS = new Set(('abbr accept accept-charset accesskey action align alt aria-describedby aria-hidden ' +
    'aria-label aria-labelledby axis border cellpadding cellspacing char charoff charset checked clear cols colspan ' +
    'color compact coords datetime dir disabled enctype for frame headers height hreflang hspace ismap label lang ' +
    'maxlength media method multiple name nohref noshade nowrap open progress prompt readonly rel rev role rows ' +
    'rowspan rules scope selected shape size span start summary tabindex target title type usemap valign value ' +
    'vspace width itemprop id').split(' '));
  const ELEMENT_ATTRS = {
    a: ['href'], img: ['src', 'longdesc'], div: ['itemscope', 'itemtype'],
    blockquote: ['cite'], del: ['cite'], ins: ['cite'], q: ['cite'],
  };
  const URL_ATTRS = new Set(['href', 'src', 'longdesc', 'cite']);
  const SAFE_URL = /^(?:https?:|mailto:|#|\/|\.|[^:/?#]*(?:[/?#]|$))/i;

  function sanitize(root, placeholder) {
    for (const el of [...root.querySelectorAll('*')]) {
      if (!root.contains(el)) continue; // inside an element already dropped
      const name = el.localName;
      if (name === 'div' && placeholder.test(el.id)) continue; // a Mermaid block of this render, made by us
      if (DROPPED.has(name)) { el.remove(); continue; }
      if (!ALLOWED.has(name)) { el.replaceWith(...el.childNodes); continue; }
      const own = ELEMENT_ATTRS[name] || [];
      for (const attr of [...el.attributes]) {
        const a = attr.name.toLowerCase();
        if (!GLOBAL_ATTRS.has(a) && !own.includes(a)) { el.removeAttribute(attr.name); continue; }
        if (URL_ATTRS.has(a) && !SAFE_URL.test(attr.value.trim())) { el.removeAttribute(attr.name); continue; }
        // GitHub keeps ids and names only under its own prefix, so content cannot clash with the page's.
        if (a === 'id' || a === 'name') el.setAttribute(attr.name, 'user-content-' + attr.value);
      }
    }
  }

  function box(el) {
    const r = el.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width, height: r.height };
  }

  /**
   * The smallest font size, in the SVG's own units, of an element in `svg` that shows text of its own (a label's
   * span or div inside a foreignObject, or a <text>/<tspan>); null when none shows text.
   */
  function smallestFont(svg) {
    let min = null;
    for (const el of svg.querySelectorAll('*')) {
      if (![...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim() !== '')) continue;
      if (!el.checkVisibility()) continue;
      const px = parseFloat(getComputedStyle(el).fontSize);
      if (Number.isFinite(px) && (min === null || px < min)) min = px;
    }
    return min;
  }

  function message(e) {
    return String((e && (e.message || e.str)) || e);
  }

  function edgesOf(diagram) {
    const db = diagram && diagram.db;
    if (db && typeof db.getEdges === 'function') return db.getEdges().length;
    if (db && Array.isArray(db.edges)) return db.edges.length;
    return null;
  }

  window.tlsfleetMermaidConfig = () => {
    const c = window.mermaid.mermaidAPI.getConfig();
    return { securityLevel: c.securityLevel, maxTextSize: c.maxTextSize, maxEdges: c.maxEdges };
  };

  /**
   * Renders one comment. `html` is markdown-it's output; `sources` the Mermaid blocks' text, whose places in `html`
   * are empty divs with id `tlsf-mermaid-<nonce>-<index>`.
   */
  window.tlsfleetRender = async ({ html, sources, nonce, verdict, viewportHeight }) => {
    const column = document.getElementById('comment');
    column.replaceChildren();
    window.scrollTo(0, 0);
    const template = document.createElement('template');
    template.innerHTML = html;
    const placeholder = new RegExp('^tlsf-mermaid-' + nonce + '-\\d+$');
    sanitize(template.content, placeholder);
    column.append(template.content);
    // Images load once in the document; wait for each to load or fail, so its request is this render's.
    await Promise.all([...column.querySelectorAll('img')].map((img) => img.complete ? null
      : new Promise((done) => { img.addEventListener('load', done); img.addEventListener('error', done); })));

    const mermaid = [];
    for (let i = 0; i < sources.length; i++) {
      const source = sources[i];
      const slot = document.getElementById('tlsf-mermaid-' + nonce + '-' + i);
      const block = { index: i, chars: source.length, edges: null, rendered: false, errors: [], svg: null };
      mermaid.push(block);
      if (!slot) { block.errors.push('the block is not in the rendered document'); continue; }
      try {
        block.edges = edgesOf(await window.mermaid.mermaidAPI.getDiagramFromText(source));
      } catch (e) {
        block.errors.push('parse: ' + message(e));
      }
      const id = 'mermaid-' + nonce + '-' + i;
      try {
        const { svg } = await window.mermaid.render(id, source);
        slot.innerHTML = svg;
      } catch (e) {
        block.errors.push('render: ' + message(e));
      }
      // Mermaid renders in a scratch element of its own; after an error it may be left behind.
      for (const stray of document.querySelectorAll('#d' + id + ', #i' + id)) stray.remove();
      const svg = slot.querySelector('svg');
      if (svg) {
        const role = svg.getAttribute('aria-roledescription') || '';
        if (role === 'error') block.errors.push('rendered as an error diagram: ' + svg.textContent.trim().slice(0, 200));
        block.rendered = role !== 'error';
        const vb = svg.viewBox && svg.viewBox.baseVal;
        block.svg = { role, naturalWidth: vb ? vb.width : null, naturalHeight: vb ? vb.height : null, text: svg.textContent };
      }
    }

    // The first screen as the comment is posted (every <details> closed unless it says open).
    // The title is the first block when that is a heading; the verdict line the first block that is not a
    // heading, or the first whose text matches `verdict`.
    const tops = [...column.children];
    const isHeading = (el) => /^h[1-6]$/.test(el.localName);
    const heading = tops.length && isHeading(tops[0]) ? tops[0] : null;
    let verdictEl = null;
    if (verdict) {
      const re = new RegExp(verdict.source, verdict.flags);
      verdictEl = tops.find((el) => re.test(el.textContent)) || null;
    } else {
      verdictEl = tops.find((el) => !isHeading(el)) || null;
    }
    const firstScreen = {
      heading: heading ? heading.textContent.trim() : null,
      verdict: verdictEl ? verdictEl.textContent.trim() : null,
      boxes: [heading, verdictEl].filter(Boolean).map((el) => ({ ...box(el), shown: el.checkVisibility() })),
    };

    // Everything else as a reviewer who opens every <details> sees it.
    for (const d of column.querySelectorAll('details')) d.open = true;
    const tables = [...column.querySelectorAll('table')].map((t, index) => ({
      index,
      scrollWidth: t.scrollWidth,
      clientWidth: t.clientWidth,
      columns: t.rows.length ? t.rows[0].cells.length : 0,
      rows: t.rows.length,
      header: t.rows.length ? [...t.rows[0].cells].map((c) => c.textContent.trim()).join(' | ') : '',
    }));
    for (const block of mermaid) {
      const svg = (document.getElementById('tlsf-mermaid-' + nonce + '-' + block.index) || column).querySelector('svg');
      if (svg && block.svg) Object.assign(block.svg, box(svg), { minFontPx: smallestFont(svg) });
    }
    return {
      text: column.textContent,
      heightPx: column.scrollHeight,
      columnWidthPx: column.clientWidth,
      viewportHeight,
      mermaid,
      tables,
      firstScreen,
    };
  };
})();
